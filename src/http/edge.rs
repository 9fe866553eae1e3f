//! The edge of the server: who the client really is behind reverse proxies,
//! and whether a cookie-signed request comes from the site itself.
//!
//! - **Client address.** The socket peer is the client unless it is one of
//!   `server.trusted_proxies`; only then are `Forwarded` (RFC 7239) or
//!   `X-Forwarded-For` and `X-Forwarded-Proto` believed, and the client is the
//!   rightmost hop that is not a trusted proxy (hops to its left could be
//!   forged by the client itself). [`client_address`] resolves that once per
//!   request, keeps a [`ClientInfo`] in the request's extensions (read by
//!   [`crate::services::RequestMeta`]: throttling, audit) and rewrites the
//!   forwarding headers so that actix's `ConnectionInfo` (the request log's
//!   `http.client_ip`) says the same.
//! - **Cross-site requests.** A state-changing request (any method but GET,
//!   HEAD, OPTIONS, TRACE) that carries the session cookie and no
//!   `Authorization: Bearer` must come from the site: [`same_site`] checks its
//!   `Origin`, or without one `Sec-Fetch-Site`, or without that `Referer`,
//!   against `public_url`'s origin, the request's own host and
//!   `server.allowed_origins`. A cookie request with none of the three is
//!   refused too: every browser sends `Origin` on such requests, so only a
//!   non-browser client omits them, and those sign in with a Bearer token (or
//!   send a proper `Origin`). The WebSocket upgrade with a cookie is checked
//!   the same way by its route.

use std::net::IpAddr;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpRequest, web};
use anyhow::Context;

use crate::config::Settings;
use crate::error::{AppError, ErrorCode};

const X_FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");
const X_FORWARDED_PROTO: HeaderName = HeaderName::from_static("x-forwarded-proto");
const X_FORWARDED_HOST: HeaderName = HeaderName::from_static("x-forwarded-host");
const SEC_FETCH_SITE: HeaderName = HeaderName::from_static("sec-fetch-site");

/// An address block: `10.0.0.0/8`, `fd00::/8`, or one address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    net: IpAddr,
    prefix: u8,
}

impl Cidr {
    pub fn parse(text: &str) -> Option<Cidr> {
        let text = text.trim();
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p.parse::<u8>().ok()?)),
            None => (text, None),
        };
        let net: IpAddr = addr.parse().ok()?;
        let net = net.to_canonical();
        let max = if net.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(Cidr { net, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.net, ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// What the edge believes and accepts, built once from the settings.
#[derive(Debug, Clone)]
pub struct EdgePolicy {
    trusted_proxies: Vec<Cidr>,
    /// Normalized origins (`scheme://host[:port]`, default ports dropped).
    origins: Vec<String>,
    /// `public_url` is https (or `secure_cookies` is on): every session
    /// cookie is Secure.
    always_secure: bool,
}

impl EdgePolicy {
    pub fn new(settings: &Settings, public_url: &str) -> anyhow::Result<EdgePolicy> {
        let trusted_proxies = settings
            .server
            .trusted_proxies
            .iter()
            .filter(|t| !t.trim().is_empty())
            .map(|t| {
                Cidr::parse(t).with_context(|| {
                    format!("server.trusted_proxies: {t:?} is not an address or a CIDR block")
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let mut origins = vec![
            normalize_origin(public_url)
                .with_context(|| format!("server.public_url: {public_url:?} is not a URL"))?,
        ];
        for o in settings
            .server
            .allowed_origins
            .iter()
            .filter(|o| !o.trim().is_empty())
        {
            origins.push(normalize_origin(o).with_context(|| {
                format!("server.allowed_origins: {o:?} is not an origin like https://host[:port]")
            })?);
        }
        Ok(EdgePolicy {
            trusted_proxies,
            origins,
            always_secure: settings.server.secure_cookies
                || public_url.to_ascii_lowercase().starts_with("https://"),
        })
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.trusted_proxies.iter().any(|c| c.contains(ip))
    }

    /// Whether the session cookie given to this client gets the Secure flag.
    pub fn secure_cookie(&self, client: &ClientInfo) -> bool {
        self.always_secure || client.https
    }

    /// The real client of a request from `peer` with these headers.
    pub fn resolve(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> ClientInfo {
        let Some(peer) = peer.map(|p| p.to_canonical()) else {
            return ClientInfo {
                ip: None,
                https: false,
                via_proxy: false,
            };
        };
        if !self.trusts(peer) {
            return ClientInfo {
                ip: Some(peer),
                https: false,
                via_proxy: false,
            };
        }
        // Hops as the proxies appended them, oldest first, then the peer.
        let (mut hops, protos) = forwarded_hops(headers);
        let forwarded = hops.len();
        hops.push(Some(peer));
        let mut client = hops.len() - 1;
        while client > 0 {
            match hops[client - 1] {
                // An unreadable hop ("unknown", obfuscated): the proxy to
                // its right is the last one we can name.
                None => break,
                Some(ip) => {
                    client -= 1;
                    if !self.trusts(ip) {
                        break;
                    }
                }
            }
        }
        let proto = if client < forwarded && protos.len() == forwarded {
            protos.get(client).cloned().flatten()
        } else {
            protos.first().cloned().flatten()
        };
        ClientInfo {
            ip: hops[client],
            https: proto.is_some_and(|p| p.eq_ignore_ascii_case("https")),
            via_proxy: client < forwarded,
        }
    }

    /// Whether `origin` (`scheme://host[:port]`) is the site itself: an
    /// allowed origin or the request's own `host`.
    fn accepts_origin(&self, origin: &str, host: Option<&str>) -> bool {
        let Some(origin) = normalize_origin(origin) else {
            return false;
        };
        if self.origins.contains(&origin) {
            return true;
        }
        // The browser names the host it sends the request (and the cookie)
        // to; a page of another site cannot make its Origin equal to it.
        let authority = origin.split_once("://").map(|(_, a)| a).unwrap_or("");
        host.and_then(|h| normalize_origin(&format!("{}://{h}", scheme_of(&origin))))
            .is_some_and(|h| h.split_once("://").map(|(_, a)| a) == Some(authority))
    }
}

fn scheme_of(origin: &str) -> &str {
    origin.split_once("://").map(|(s, _)| s).unwrap_or("http")
}

/// `scheme://host[:port]` in lower case without a default port or a path;
/// `None` for anything else (including the opaque origin `null`).
pub fn normalize_origin(url: &str) -> Option<String> {
    let url = url.trim();
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    let authority = authority.to_ascii_lowercase();
    let authority = match (scheme.as_str(), authority.rsplit_once(':')) {
        ("http", Some((host, "80"))) | ("https", Some((host, "443"))) if !host.ends_with(':') => {
            host.to_string()
        }
        _ => authority,
    };
    Some(format!("{scheme}://{authority}"))
}

/// The forwarded-for hops (`None` where unreadable) and the protocol of
/// each, from `Forwarded` when present, else `X-Forwarded-For` /
/// `X-Forwarded-Proto`. All header lines are joined, in order.
fn forwarded_hops(headers: &HeaderMap) -> (Vec<Option<IpAddr>>, Vec<Option<String>>) {
    let values = |name: &HeaderName| -> Vec<String> {
        headers
            .get_all(name)
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect()
    };
    let forwarded = values(&header::FORWARDED);
    if !forwarded.is_empty() {
        let mut hops = Vec::new();
        let mut protos = Vec::new();
        for element in forwarded {
            let mut hop = None;
            let mut proto = None;
            for pair in element.split(';') {
                let Some((key, value)) = pair.split_once('=') else {
                    continue;
                };
                let value = value.trim().trim_matches('"');
                match key.trim().to_ascii_lowercase().as_str() {
                    "for" => hop = parse_node(value),
                    "proto" => proto = Some(value.to_string()),
                    _ => {}
                }
            }
            hops.push(hop);
            protos.push(proto);
        }
        return (hops, protos);
    }
    let hops = values(&X_FORWARDED_FOR)
        .iter()
        .map(|v| parse_node(v.trim_matches('"')))
        .collect();
    let protos = values(&X_FORWARDED_PROTO).into_iter().map(Some).collect();
    (hops, protos)
}

/// An address as proxies write it: `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1`
/// or `[2001:db8::1]:5678`.
fn parse_node(text: &str) -> Option<IpAddr> {
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Some(ip.to_canonical());
    }
    if let Some(rest) = text.strip_prefix('[') {
        return rest
            .split(']')
            .next()?
            .parse::<IpAddr>()
            .ok()
            .map(|ip| ip.to_canonical());
    }
    let (host, port) = text.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    host.parse::<IpAddr>().ok().map(|ip| ip.to_canonical())
}

/// The resolved client of a request (in its extensions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientInfo {
    /// `None` only when the connection has no IP peer (tests on a pipe).
    pub ip: Option<IpAddr>,
    /// A trusted proxy says the client connected over https.
    pub https: bool,
    /// The address came from a trusted proxy's forwarding header.
    pub via_proxy: bool,
}

impl ClientInfo {
    /// The client of `req`: resolved by [`client_address`], or the peer.
    pub fn of(req: &HttpRequest) -> ClientInfo {
        if let Some(info) = req.extensions().get::<ClientInfo>() {
            return *info;
        }
        ClientInfo {
            ip: req.peer_addr().map(|a| a.ip().to_canonical()),
            https: false,
            via_proxy: false,
        }
    }
}

/// Middleware (outermost): resolves the client and rewrites the forwarding
/// headers to exactly what is believed, so nothing downstream can read a
/// forged one.
pub async fn client_address(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if let Some(policy) = req.app_data::<web::Data<EdgePolicy>>().cloned() {
        let peer = req.peer_addr().map(|a| a.ip());
        let info = policy.resolve(peer, req.headers());
        let trusted_peer = peer.is_some_and(|p| policy.trusts(p.to_canonical()));
        let headers = req.headers_mut();
        headers.remove(header::FORWARDED);
        headers.remove(X_FORWARDED_FOR);
        headers.remove(X_FORWARDED_PROTO);
        if !trusted_peer {
            headers.remove(X_FORWARDED_HOST);
        }
        if info.via_proxy
            && let Some(ip) = info.ip
            && let Ok(value) = HeaderValue::from_str(&ip.to_string())
        {
            headers.insert(X_FORWARDED_FOR, value);
        }
        if info.https {
            headers.insert(X_FORWARDED_PROTO, HeaderValue::from_static("https"));
        }
        req.extensions_mut().insert(info);
    }
    next.call(req).await
}

/// Middleware (innermost, so refusals are logged and counted): refuses
/// cookie-signed state-changing requests from other sites.
pub async fn cross_site_guard(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let safe = matches!(
        *req.method(),
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    );
    if !safe {
        same_site(req.request())?;
    }
    next.call(req).await
}

/// Whether the request is signed in by the session cookie (not by a Bearer
/// token, which a foreign page cannot attach).
pub fn cookie_signed(req: &HttpRequest) -> bool {
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer "));
    if bearer {
        return false;
    }
    let name = req
        .app_data::<web::Data<crate::services::Services>>()
        .map(|s| s.settings.auth.cookie_name.clone())
        .unwrap_or_else(|| "faena_session".into());
    req.cookie(&name).is_some_and(|c| !c.value().is_empty())
}

/// `Ok` unless the request is cookie-signed and does not come from the site
/// itself (see the module documentation); the refusal is 403
/// `cross_site_request`.
pub fn same_site(req: &HttpRequest) -> Result<(), AppError> {
    if !cookie_signed(req) {
        return Ok(());
    }
    let Some(policy) = req.app_data::<web::Data<EdgePolicy>>() else {
        return Ok(());
    };
    let headers = req.headers();
    let text = |name: &HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let host = req.connection_info().host().to_string();
    let host = Some(host.as_str()).filter(|h| !h.is_empty());
    let refused = |why: &str| {
        Err(AppError::new(
            ErrorCode::CrossSiteRequest,
            format!("a request signed in by the session cookie must come from this site ({why})"),
        ))
    };
    if let Some(origin) = text(&header::ORIGIN) {
        return if policy.accepts_origin(origin, host) {
            Ok(())
        } else {
            refused("its Origin is another site")
        };
    }
    if let Some(site) = text(&SEC_FETCH_SITE) {
        return match site.trim().to_ascii_lowercase().as_str() {
            "same-origin" | "none" => Ok(()),
            _ => refused("Sec-Fetch-Site says another site"),
        };
    }
    if let Some(referer) = text(&header::REFERER) {
        return if policy.accepts_origin(referer, host) {
            Ok(())
        } else {
            refused("its Referer is another site")
        };
    }
    refused("it has no Origin; send Origin, or sign in with a Bearer token")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(trusted: &[&str], allowed: &[&str], public_url: &str) -> EdgePolicy {
        let mut s = Settings::defaults();
        s.server.trusted_proxies = trusted.iter().map(|t| t.to_string()).collect();
        s.server.allowed_origins = allowed.iter().map(|t| t.to_string()).collect();
        EdgePolicy::new(&s, public_url).unwrap()
    }

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn cidr_blocks() {
        let c = Cidr::parse("10.0.0.0/8").unwrap();
        assert!(c.contains(ip("10.200.3.4")));
        assert!(c.contains(ip("::ffff:10.1.1.1")));
        assert!(!c.contains(ip("11.0.0.1")));
        assert!(
            Cidr::parse("192.168.1.10")
                .unwrap()
                .contains(ip("192.168.1.10"))
        );
        assert!(
            !Cidr::parse("192.168.1.10")
                .unwrap()
                .contains(ip("192.168.1.11"))
        );
        assert!(Cidr::parse("0.0.0.0/0").unwrap().contains(ip("8.8.8.8")));
        assert!(Cidr::parse("fd00::/8").unwrap().contains(ip("fd12::1")));
        assert!(Cidr::parse("10.0.0.0/33").is_none());
        assert!(Cidr::parse("ten").is_none());
        let mut s = Settings::defaults();
        s.server.trusted_proxies = vec!["10.0.0.0/40".into()];
        assert!(EdgePolicy::new(&s, "http://x").is_err());
    }

    #[test]
    fn forwarding_headers_are_ignored_from_an_untrusted_peer() {
        let p = policy(&[], &[], "http://x");
        let h = headers(&[
            ("x-forwarded-for", "1.2.3.4"),
            ("x-forwarded-proto", "https"),
        ]);
        let info = p.resolve(Some(ip("5.6.7.8")), &h);
        assert_eq!(info.ip, Some(ip("5.6.7.8")));
        assert!(!info.https);
    }

    #[test]
    fn the_rightmost_untrusted_hop_is_the_client() {
        let p = policy(&["10.0.0.0/8"], &[], "http://x");
        // The client forged "6.6.6.6"; the proxy appended what it saw.
        let h = headers(&[("x-forwarded-for", "6.6.6.6, 1.2.3.4, 10.0.0.7")]);
        let info = p.resolve(Some(ip("10.0.0.1")), &h);
        assert_eq!(info.ip, Some(ip("1.2.3.4")));
        assert!(info.via_proxy);
        // Several header lines are one list.
        let h = headers(&[
            ("x-forwarded-for", "6.6.6.6"),
            ("x-forwarded-for", "1.2.3.4:5555"),
        ]);
        assert_eq!(p.resolve(Some(ip("10.0.0.1")), &h).ip, Some(ip("1.2.3.4")));
        // Only trusted hops: the leftmost one.
        let h = headers(&[("x-forwarded-for", "10.1.1.1, 10.2.2.2")]);
        assert_eq!(p.resolve(Some(ip("10.0.0.1")), &h).ip, Some(ip("10.1.1.1")));
        // No header: the proxy itself.
        assert_eq!(
            p.resolve(Some(ip("10.0.0.1")), &HeaderMap::new()).ip,
            Some(ip("10.0.0.1"))
        );
    }

    #[test]
    fn forwarded_wins_and_carries_the_protocol() {
        let p = policy(&["10.0.0.0/8", "::1"], &[], "http://x");
        let h = headers(&[
            (
                "forwarded",
                r#"for=6.6.6.6;proto=http, for="[2001:db8::5]:4711";proto=https"#,
            ),
            ("x-forwarded-for", "9.9.9.9"),
        ]);
        let info = p.resolve(Some(ip("::1")), &h);
        assert_eq!(info.ip, Some(ip("2001:db8::5")));
        assert!(info.https);
        // An unknown hop stops the walk at the proxy that wrote it.
        let h = headers(&[("forwarded", "for=unknown, for=10.0.0.9")]);
        assert_eq!(p.resolve(Some(ip("10.0.0.1")), &h).ip, Some(ip("10.0.0.9")));
        let h = headers(&[
            ("x-forwarded-for", "1.2.3.4"),
            ("x-forwarded-proto", "https"),
        ]);
        let info = p.resolve(Some(ip("10.0.0.1")), &h);
        assert!(info.https && p.secure_cookie(&info));
        assert!(!p.secure_cookie(&p.resolve(Some(ip("10.0.0.1")), &HeaderMap::new())));
        assert!(policy(&[], &[], "https://faena.example").secure_cookie(&info));
    }

    #[test]
    fn origins() {
        assert_eq!(
            normalize_origin("HTTPS://Faena.Example:443/app?x").as_deref(),
            Some("https://faena.example")
        );
        assert_eq!(normalize_origin("null"), None);
        assert_eq!(normalize_origin("file:///etc"), None);
        let p = policy(&[], &["http://intranet:3000"], "https://faena.example");
        assert!(p.accepts_origin("https://faena.example", None));
        assert!(p.accepts_origin("http://intranet:3000", None));
        assert!(!p.accepts_origin("http://faena.example", None));
        assert!(!p.accepts_origin("https://evil.example", Some("faena.example")));
        assert!(!p.accepts_origin("https://faena.example.evil.example", None));
        // The request's own host (a dev server proxying, another name).
        assert!(p.accepts_origin("http://localhost:5173", Some("localhost:5173")));
        assert!(p.accepts_origin("http://127.0.0.1", Some("127.0.0.1:80")));
        assert!(!p.accepts_origin("http://localhost:5174", Some("localhost:5173")));
    }

    /// What the request log (`http.client_ip`, from actix's
    /// `ConnectionInfo`) and the services (`RequestMeta`) see after the
    /// middleware: the same resolved client, never a forged header.
    #[actix_web::test]
    async fn the_log_and_the_services_see_the_resolved_client() {
        use actix_web::{App, HttpResponse, test};
        async fn echo(req: HttpRequest, meta: crate::services::RequestMeta) -> HttpResponse {
            let info = req.connection_info();
            HttpResponse::Ok().body(format!(
                "{} {} {}",
                info.realip_remote_addr().unwrap_or(""),
                meta.ip,
                info.scheme()
            ))
        }
        let app = test::init_service(
            App::new()
                .app_data(web::Data::new(policy(&["10.0.0.0/8"], &[], "http://x")))
                .wrap(actix_web::middleware::from_fn(client_address))
                .route("/", web::get().to(echo)),
        )
        .await;
        let call = |peer: &str, headers: &[(&str, &str)]| {
            let mut r = test::TestRequest::get()
                .uri("/")
                .peer_addr(format!("{peer}:4000").parse().unwrap());
            for (k, v) in headers {
                r = r.insert_header((*k, *v));
            }
            r.to_request()
        };
        let forged = [
            ("x-forwarded-for", "6.6.6.6"),
            ("forwarded", "for=7.7.7.7;proto=https"),
            ("x-forwarded-proto", "https"),
        ];
        let body = test::call_and_read_body(&app, call("203.0.113.5", &forged)).await;
        assert_eq!(body, "203.0.113.5 203.0.113.5 http");
        let via = [
            ("x-forwarded-for", "6.6.6.6, 198.51.100.7"),
            ("x-forwarded-proto", "https"),
        ];
        let body = test::call_and_read_body(&app, call("10.0.0.1", &via)).await;
        assert_eq!(body, "198.51.100.7 198.51.100.7 https");
    }
}
