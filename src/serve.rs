//! The preview server: HTTP on a loopback address from the in-memory site (nothing
//! on disk is ever served, so no path can leave the site), live reload over
//! server-sent events, and the build error shown over the last good page. The reload
//! script is injected into responses only; built files never contain it.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State as Extract};
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};

use crate::render::Site;

const EVENTS: &str = "/__dossier/events";
const SCRIPT: &str = "/__dossier/reload.js";

/// Shown over the page when a build fails; cleared on the next good build.
const RELOAD_JS: &str = r#"(function () {
  var box = null;
  function show(text) {
    if (!box) {
      box = document.createElement("div");
      box.id = "dossier-build-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(22,24,34,.94);color:#fff;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:2rem;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "The last edit does not build. This page is the last good version.\n\n" + text;
  }
  function clear() { if (box) { box.remove(); box = null; } }
  var es = new EventSource("/__dossier/events");
  es.addEventListener("reload", function () { location.reload(); });
  es.addEventListener("build-error", function (e) { show(e.data); });
  es.addEventListener("ok", clear);
})();
"#;

/// What the server tells browsers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signal {
    /// New pages were written: reload.
    Reload,
    /// A build succeeded with nothing to reload: clear any error shown.
    Ok,
    /// A build failed: show this text.
    Error(String),
}

struct Shared {
    site: RwLock<Arc<Site>>,
    error: RwLock<Option<String>>,
    tx: broadcast::Sender<Signal>,
}

/// A running server; dropping it stops it.
pub struct Server {
    shared: Arc<Shared>,
    pub addr: SocketAddr,
    _runtime: tokio::runtime::Runtime,
}

/// How long a client may take to send a request's headers before it is dropped.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

impl Server {
    /// Binds `addr` (port 0 picks a free one) and serves `site` in the background.
    pub fn start(addr: SocketAddr, site: Arc<Site>) -> std::io::Result<Server> {
        Server::start_with_timeout(addr, site, HEADER_TIMEOUT)
    }

    /// [`Server::start`], dropping clients that take longer than `header_timeout` to
    /// send a request's headers.
    pub fn start_with_timeout(
        addr: SocketAddr,
        site: Arc<Site>,
        header_timeout: Duration,
    ) -> std::io::Result<Server> {
        let listener = std::net::TcpListener::bind(addr)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let (tx, _) = broadcast::channel(16);
        let shared = Arc::new(Shared {
            site: RwLock::new(site),
            error: RwLock::new(None),
            tx,
        });
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()?;
        let app = Router::new()
            .route(EVENTS, get(events))
            .route(SCRIPT, get(script))
            .fallback(page)
            .layer(middleware::from_fn_with_state(addr, guard))
            .with_state(shared.clone());
        // Not `axum::serve`: it has no timeout for a request's headers.
        let listener = {
            let _enter = runtime.enter();
            tokio::net::TcpListener::from_std(listener)?
        };
        runtime.spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    // Out of file descriptors, say: wait for some to close.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                };
                let service = hyper_util::service::TowerToHyperService::new(app.clone());
                tokio::spawn(async move {
                    let _ = hyper::server::conn::http1::Builder::new()
                        .timer(hyper_util::rt::TokioTimer::new())
                        .header_read_timeout(header_timeout)
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(Server {
            shared,
            addr,
            _runtime: runtime,
        })
    }

    /// A good build: serve `site` from now on.
    pub fn update(&self, site: Arc<Site>, changed: bool) {
        *self.shared.site.write().expect("lock") = site;
        *self.shared.error.write().expect("lock") = None;
        let _ = self
            .shared
            .tx
            .send(if changed { Signal::Reload } else { Signal::Ok });
    }

    /// Serves `site` from now on, without telling browsers (the data files that follow
    /// a build's pages).
    pub fn replace(&self, site: Arc<Site>) {
        *self.shared.site.write().expect("lock") = site;
    }

    /// A failed build: keep the last good site, show `text` over it.
    pub fn error(&self, text: String) {
        *self.shared.error.write().expect("lock") = Some(text.clone());
        let _ = self.shared.tx.send(Signal::Error(text));
    }
}

/// Answers only GET and HEAD, and only for a `Host` naming the address served: a
/// web page elsewhere cannot read the preview through a DNS name of its own pointing
/// here (DNS rebinding).
async fn guard(Extract(addr): Extract<SocketAddr>, req: Request, next: Next) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "the preview answers GET and HEAD only\n",
        )
            .into_response();
    }
    let host = req.headers().get(header::HOST).map(|h| h.to_str().ok());
    if host.is_some_and(|h| !host_allowed(h, addr)) {
        return (
            StatusCode::MISDIRECTED_REQUEST,
            "this preview answers only to its own address (localhost or an IP address)\n",
        )
            .into_response();
    }
    next.run(req).await
}

/// Whether a request's `Host` names the server at `addr`: `localhost` (or a name
/// under `.localhost`) or an IP address, with `addr`'s port if a port is given.
pub fn host_allowed(host: Option<&str>, addr: SocketAddr) -> bool {
    let Some(host) = host else {
        return false;
    };
    let (name, port) = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((ip, "")) => (ip, None),
            Some((ip, p)) => match p.strip_prefix(':') {
                Some(p) => (ip, Some(p)),
                None => return false,
            },
            None => return false,
        }
    } else {
        match host.rsplit_once(':') {
            Some((n, p)) => (n, Some(p)),
            None => (host, None),
        }
    };
    if port.is_some_and(|p| p.parse::<u16>().ok() != Some(addr.port())) {
        return false;
    }
    let name = name.to_ascii_lowercase();
    let name = name.trim_end_matches('.');
    match name.parse::<IpAddr>() {
        // An address: a loopback one when serving on loopback.
        Ok(ip) => !addr.ip().is_loopback() || ip.is_loopback(),
        Err(_) => name == "localhost" || name.ends_with(".localhost"),
    }
}

async fn events(
    Extract(shared): Extract<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = shared.tx.subscribe();
    // A page that loads while the build is broken shows the error at once.
    let now = match shared.error.read().expect("lock").clone() {
        Some(e) => Signal::Error(e),
        None => Signal::Ok,
    };
    let stream = tokio_stream::once(now)
        .chain(BroadcastStream::new(rx).filter_map(Result::ok))
        .map(|s| {
            Ok(match s {
                Signal::Reload => Event::default().event("reload").data("reload"),
                Signal::Ok => Event::default().event("ok").data("ok"),
                Signal::Error(e) => Event::default().event("build-error").data(e),
            })
        });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        RELOAD_JS,
    )
        .into_response()
}

/// Where a request path leads in the site.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    File(String),
    /// A folder asked for without its trailing slash.
    Redirect(String),
    Forbidden,
    NotFound,
}

/// Maps a raw request path to a site path. Pure, so the traversal rules are tested
/// without a server: `..`, `.`, backslashes and NUL are refused, before and after
/// percent-decoding.
pub fn lookup(site: &Site, raw_path: &str) -> Lookup {
    let Ok(decoded) = percent_encoding::percent_decode_str(raw_path).decode_utf8() else {
        return Lookup::Forbidden;
    };
    if decoded.contains(['\\', '\0']) {
        return Lookup::Forbidden;
    }
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| *s == ".." || *s == ".") {
        return Lookup::Forbidden;
    }
    let rel = segments.join("/");
    if rel.is_empty() {
        return Lookup::File("index.html".into());
    }
    if site.files.contains_key(&rel) && !decoded.ends_with('/') {
        return Lookup::File(rel);
    }
    let index = format!("{rel}/index.html");
    if site.files.contains_key(&index) {
        return if decoded.ends_with('/') {
            Lookup::File(index)
        } else {
            // From the root, never `//…`: a browser reads that as another host.
            Lookup::Redirect(format!("/{rel}/"))
        };
    }
    Lookup::NotFound
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Adds the reload script to an HTML page.
fn inject(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT}\"></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}\n{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

async fn page(Extract(shared): Extract<Arc<Shared>>, uri: Uri) -> Response {
    let site = shared.site.read().expect("lock").clone();
    let (status, path) = match lookup(&site, uri.path()) {
        Lookup::File(p) => (StatusCode::OK, p),
        Lookup::Redirect(to) => {
            return (StatusCode::FOUND, [(header::LOCATION, to)]).into_response();
        }
        Lookup::Forbidden => (StatusCode::FORBIDDEN, "404.html".to_string()),
        Lookup::NotFound => (StatusCode::NOT_FOUND, "404.html".to_string()),
    };
    let Some(bytes) = site.files.get(&path) else {
        return (status, "not found").into_response();
    };
    let body = if path.ends_with(".html") {
        inject(bytes)
    } else {
        bytes.to_vec()
    };
    let mut res = Response::new(Body::from(body));
    *res.status_mut() = status;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(&path)),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        let mut s = Site::default();
        for p in [
            "index.html",
            "404.html",
            "actors/index.html",
            "actors/x/index.html",
            "assets/style.css",
        ] {
            s.files.insert(
                p.into(),
                std::sync::Arc::new(b"<html><body>x</body></html>".to_vec()),
            );
        }
        s
    }

    #[test]
    fn paths() {
        let s = site();
        assert_eq!(lookup(&s, "/"), Lookup::File("index.html".into()));
        assert_eq!(
            lookup(&s, "/actors/x/"),
            Lookup::File("actors/x/index.html".into())
        );
        assert_eq!(
            lookup(&s, "/actors/x/index.html"),
            Lookup::File("actors/x/index.html".into())
        );
        assert_eq!(
            lookup(&s, "/actors/x"),
            Lookup::Redirect("/actors/x/".into())
        );
        assert_eq!(
            lookup(&s, "/assets/style.css"),
            Lookup::File("assets/style.css".into())
        );
        assert_eq!(lookup(&s, "/nope"), Lookup::NotFound);
    }

    #[test]
    fn a_redirect_stays_on_this_host() {
        let s = site();
        for p in ["//actors", "///actors", "//actors/x", "/actors//x"] {
            match lookup(&s, p) {
                Lookup::Redirect(to) => {
                    assert!(to.starts_with('/') && !to.starts_with("//"), "{p} → {to}")
                }
                other => panic!("{p}: {other:?}"),
            }
        }
        assert_eq!(lookup(&s, "//actors"), Lookup::Redirect("/actors/".into()));
    }

    #[test]
    fn only_this_servers_own_names_are_answered() {
        let local: SocketAddr = "127.0.0.1:4000".parse().unwrap();
        for ok in [
            "localhost:4000",
            "localhost",
            "127.0.0.1:4000",
            "[::1]:4000",
            "LOCALHOST:4000",
            "app.localhost:4000",
        ] {
            assert!(host_allowed(Some(ok), local), "{ok}");
        }
        for bad in [
            "evil.example:4000",
            "evil.example",
            "localhost:4001",
            "localhost.evil.example:4000",
            "192.168.1.5:4000",
            "[::1]x",
            "",
        ] {
            assert!(!host_allowed(Some(bad), local), "{bad}");
        }
        assert!(!host_allowed(None, local), "a Host that is not text");
        let lan: SocketAddr = "0.0.0.0:4000".parse().unwrap();
        assert!(host_allowed(Some("192.168.1.5:4000"), lan));
        assert!(!host_allowed(Some("evil.example:4000"), lan));
    }

    #[test]
    fn traversal_is_refused() {
        let s = site();
        for p in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/actors/..%2f..%2fCargo.toml",
            "/a\\..\\b",
            "/%00",
            "/./index.html",
            "/%ff",
        ] {
            assert_eq!(lookup(&s, p), Lookup::Forbidden, "{p}");
        }
    }

    #[test]
    fn the_script_is_injected_before_body_end() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></body></html>")).unwrap();
        assert!(
            out.ends_with("<script src=\"/__dossier/reload.js\"></script>\n</body></html>"),
            "{out}"
        );
    }
}
