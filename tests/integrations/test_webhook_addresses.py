"""The outbound guard, with CANDOR_WEBHOOKS_ALLOW_PRIVATE off (the default): a webhook
URL cannot reach into the server's own network — not when it is added, not when a
message is sent — and a request goes to the very address that was checked."""

from __future__ import annotations

import datetime
import html
import re
import ssl

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from assess.platform.outbound import (
    Destination,
    OutboundFailed,
    address_kind,
    check_destination,
    post,
)
from assess.services import webhooks
from tests.conftest import post_form, sign_in
from tests.factories import WebhookEndpointFactory
from tests.support.webhook_receiver import running_receiver

FIX = "set CANDOR_WEBHOOKS_ALLOW_PRIVATE=true"


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("http://127.0.0.1:8080/hook", "127.0.0.1 is a loopback address"),
        ("http://10.20.30.40/hook", "10.20.30.40 is a private-network address"),
        (
            "http://169.254.169.254/latest/meta-data/",
            "169.254.169.254 is a link-local address (where cloud servers hand out",
        ),
        ("http://[::1]:8080/hook", "::1 is a loopback address"),
        ("https://[::ffff:10.0.0.1]/hook", "::ffff:10.0.0.1 is a private-network address"),
        ("http://0.0.0.0:5000/", "0.0.0.0 is the unspecified address"),
        ("http://localhost:8080/hook", "localhost resolves to "),
    ],
)
def test_an_address_inside_the_servers_network_is_refused_and_nothing_is_saved(
    client, owner, session, url, said
):
    sign_in(client, owner.email)
    answer = post_form(client, "/manage/webhooks/new", {"url": url, "description": "Probe"})
    assert answer.status_code == 422
    page = html.unescape(answer.get_data(as_text=True))
    error = re.search(r'<p class="error" id="url-error">(.*?)</p>', page, re.S).group(1)
    assert said in error and FIX in error  # what, where, and how to fix it
    if url.startswith("http://localhost"):
        assert re.search(r"resolves to (127\.0\.0\.1|::1), a loopback address", error)
    assert f'value="{url}"' in page  # what was typed stays in the field
    assert webhooks.endpoints(session, owner.organization_id) == []


def test_only_http_and_https_urls_are_taken(client, owner, session):
    sign_in(client, owner.email)
    for url, said in (
        ("ftp://files.example.com/hook", "Only http:// and https:// addresses"),
        ("file:///etc/passwd", "Only http:// and https:// addresses"),
        ("https://user:secret@hooks.example.com/", "Leave the user name and password out"),
        ("https://hooks.example.com:99999/", "a number up to 65535"),
        ("hooks.example.com/candor", "Only http:// and https:// addresses"),
    ):
        answer = post_form(client, "/manage/webhooks/new", {"url": url})
        assert answer.status_code == 422, url
        assert said in html.unescape(answer.get_data(as_text=True)), url
    assert webhooks.endpoints(session, owner.organization_id) == []


def test_an_address_is_checked_again_when_the_message_is_sent(client, owner, session):
    """An endpoint whose address is refused now (added while private addresses were
    allowed, or its name since pointed inside): the message is not sent, not retried,
    and the log says why."""
    with running_receiver() as receiver:
        endpoint = WebhookEndpointFactory(organization=owner.organization, url=receiver.url)
        sign_in(client, owner.email)
        url = f"/manage/webhooks/{endpoint.id}"
        post_form(client, f"{url}/test", {}, form_url=url)
        assert receiver.received == []
    page = html.unescape(client.get(url).get_data(as_text=True))
    row = re.search(r'<tr class="delivery-failed">(.*?)</tr>', page, re.S).group(1)
    assert (
        '<td data-label="Tries">1</td>' in row
    )  # one try: waiting would not make the address public
    assert "Not sent: 127.0.0.1 is a loopback address" in row


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.8.9.10", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
        ("2002:7f00:1::1", "loopback"),  # 6to4 around 127.0.0.1
        ("64:ff9b::a9fe:a9fe", "link-local"),  # NAT64 around 169.254.169.254
        ("fe80::1", "link-local"),
        ("fd00::1", "private-network"),
        ("fec0::1", "private-network"),  # deprecated site-local: Python counts it global
        ("192.168.1.1", "private-network"),
        ("172.31.255.255", "private-network"),
        ("100.64.0.1", "reserved"),  # carrier-grade NAT: not public
        ("192.0.2.1", "private-network"),  # documentation
        ("224.0.0.251", "multicast"),
        ("ff02::1", "multicast"),
        ("::", "unspecified"),
    ],
)
def test_every_kind_of_inside_address_is_named(address, kind):
    assert kind in address_kind(address)


def test_public_addresses_pass():
    for address in ("93.184.215.14", "2606:4700:4700::1111", "::ffff:8.8.8.8"):
        assert address_kind(address) is None, address


def test_the_request_goes_to_the_checked_address_not_to_a_second_lookup():
    """`hooks.invalid` resolves nowhere: the request reaches the receiver only because
    it goes to the address checked earlier, with the name kept in the Host header."""
    with running_receiver() as receiver:
        port = int(receiver.url.rsplit(":", 1)[1].split("/")[0])
        pinned = Destination("http", "hooks.invalid", port, "/candor-hook", "127.0.0.1")
        answer = post(pinned, b"{}", {"Content-Type": "application/json"})
        (request,) = receiver.received
    assert answer.status_code == 200
    assert request.headers["host"] == f"hooks.invalid:{port}"
    with pytest.raises(OutboundFailed, match="hooks.invalid could not be found"):
        check_destination(f"http://hooks.invalid:{port}/", allow_private=True)


def test_tls_checks_the_certificate_of_the_urls_host_at_the_checked_address(tmp_path):
    server_context, authority = certificate_for("hooks.example.com", tmp_path)
    with running_receiver(tls=server_context) as receiver:
        port = int(receiver.url.rsplit(":", 1)[1].split("/")[0])
        right = Destination("https", "hooks.example.com", port, "/candor-hook", "127.0.0.1")
        answer = post(right, b"{}", {}, verify=str(authority))
        assert answer.status_code == 200
        assert receiver.received[0].headers["host"] == f"hooks.example.com:{port}"
        wrong = Destination("https", "other.example.com", port, "/candor-hook", "127.0.0.1")
        with pytest.raises(OutboundFailed, match="TLS certificate of other.example.com"):
            post(wrong, b"{}", {}, verify=str(authority))
    assert len(receiver.received) == 1


def certificate_for(hostname: str, folder) -> tuple[ssl.SSLContext, object]:
    """A test certificate authority and a server certificate for `hostname` it signed:
    the server's TLS context, and the authority's PEM file for the client."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Candor test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )  # fmt: skip
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hostname)]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(hostname)]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    authority = folder / "ca.pem"
    authority.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    chain = folder / "server.pem"
    chain.write_bytes(
        leaf.public_bytes(serialization.Encoding.PEM)
        + key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(chain)
    return context, authority
