//! An `http(s)://` address → the document's bytes, its final address (after
//! redirects) and the charset its HTTP header names. Owns the network: a timeout, a
//! size limit, redirects followed. Knows nothing of what the bytes are.

use std::io::Read;
use std::time::Duration;

use ureq::ResponseExt;

/// What a fetch brought.
pub struct Fetched {
    pub bytes: Vec<u8>,
    /// The address after redirects.
    pub url: String,
    /// `charset=` of the `Content-Type` header.
    pub charset: Option<String>,
}

/// How long a whole fetch may take.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// Why a fetch failed, for the editor.
pub enum FetchError {
    /// The server answered with an error status (exit 1: the address is wrong).
    Status(u16),
    /// The document is larger than the limit (its length, when the server said).
    TooLarge(Option<u64>),
    /// No answer: offline, no such host, refused, timed out (exit 2).
    Unreachable(String),
}

/// Fetches `url`, reading at most `limit` bytes. HTTPS is checked against the
/// usual public roots (webpki-roots); nothing turns that off.
pub fn fetch(url: &str, limit: u64) -> Result<Fetched, FetchError> {
    fetch_with(url, limit, ureq::tls::RootCerts::WebPki)
}

/// [`fetch`], trusting `roots` (the tests add a certificate authority of their own).
fn fetch_with(url: &str, limit: u64, roots: ureq::tls::RootCerts) -> Result<Fetched, FetchError> {
    let tls = ureq::tls::TlsConfig::builder().root_certs(roots).build();
    let config = ureq::Agent::config_builder()
        .tls_config(tls)
        .timeout_global(Some(TIMEOUT))
        .max_redirects(10)
        .http_status_as_error(false)
        .user_agent(concat!("dossier/", env!("CARGO_PKG_VERSION"), " (import)"))
        .build();
    let agent = ureq::Agent::new_with_config(config);
    let response = agent.get(url).call().map_err(unreachable)?;
    let status = response.status().as_u16();
    if status >= 400 {
        return Err(FetchError::Status(status));
    }
    let final_url = response.get_uri().to_string();
    let body = response.body();
    let charset = body.charset().map(str::to_string);
    if let Some(n) = body.content_length().filter(|n| *n > limit) {
        return Err(FetchError::TooLarge(Some(n)));
    }
    let mut bytes = Vec::new();
    response
        .into_body()
        .into_reader()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| FetchError::Unreachable(e.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(FetchError::TooLarge(None));
    }
    Ok(Fetched {
        bytes,
        url: final_url,
        charset,
    })
}

fn unreachable(e: ureq::Error) -> FetchError {
    let why = match &e {
        ureq::Error::HostNotFound => "no such host (or no network)".to_string(),
        ureq::Error::ConnectionFailed => "the connection failed (offline?)".to_string(),
        ureq::Error::Timeout(_) => format!("no answer within {} s", TIMEOUT.as_secs()),
        ureq::Error::TooManyRedirects => "too many redirects".to_string(),
        ureq::Error::Io(io) => io.to_string(),
        other => other.to_string(),
    };
    FetchError::Unreachable(why)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::net::TcpListener;
    use std::sync::Arc;

    use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

    const TLS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import/tls");

    fn der(name: &str) -> Vec<u8> {
        std::fs::read(format!("{TLS}/{name}")).expect("a fixture")
    }

    /// An HTTPS server on 127.0.0.1 answering one connection with `body`, its
    /// certificate signed by the fixtures' test authority; its address.
    fn https_once(body: &'static str) -> String {
        // ring: the provider ureq's `rustls` feature builds and uses.
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(
                vec![CertificateDer::from(der("leaf.der"))],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(der("leaf.key.der"))),
            )
            .unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            let Ok((tcp, _)) = listener.accept() else {
                return;
            };
            let conn = rustls::ServerConnection::new(Arc::new(config)).unwrap();
            let mut tls = rustls::StreamOwned::new(conn, tcp);
            let mut request = Vec::new();
            let mut byte = [0u8; 1];
            while !request.ends_with(b"\r\n\r\n") {
                match tls.read(&mut byte) {
                    Ok(1) => request.push(byte[0]),
                    _ => return, // the client gave up (an untrusted certificate)
                }
            }
            let answer = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = tls.write_all(answer.as_bytes());
            tls.conn.send_close_notify();
            let _ = tls.flush();
        });
        format!("https://127.0.0.1:{port}/story")
    }

    #[test]
    fn https_is_fetched_from_a_server_whose_authority_is_trusted_and_refused_otherwise() {
        let page = "<html><body><p>Over TLS.</p></body></html>";
        let ca = ureq::tls::Certificate::from_der(&der("ca.der")).to_owned();
        let roots = ureq::tls::RootCerts::new_with_certs(&[ca]);
        let got = fetch_with(&https_once(page), 1 << 20, roots)
            .ok()
            .expect("fetched");
        assert_eq!(got.bytes, page.as_bytes());
        assert_eq!(got.charset.as_deref(), Some("utf-8"));
        assert!(got.url.starts_with("https://127.0.0.1:"), "{}", got.url);
        // What users get: the public roots only, where the test authority is not.
        match fetch(&https_once(page), 1 << 20) {
            Err(FetchError::Unreachable(why)) => {
                assert!(why.to_lowercase().contains("certificate"), "{why}")
            }
            Ok(_) => panic!("an untrusted certificate was accepted"),
            Err(_) => panic!("another error than the certificate's"),
        }
    }
}
