//! The client's address, for login throttling and the audit log.
//!
//! `X-Forwarded-For` is believed only when the TCP peer is one of the
//! configured trusted proxies (`--trusted-proxy`); the client is then the
//! right-most address of the header that is not itself a trusted proxy (the
//! left part can be written by anyone). From any other peer the header is
//! ignored: a client cannot pick the address it is throttled under.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;

use app::AppState;

/// The client's address as far as it can be trusted.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    let canon = |ip: IpAddr| ip.to_canonical();
    let peer = canon(peer);
    let is_trusted = |ip: IpAddr| trusted.iter().any(|t| canon(*t) == ip);
    if !is_trusted(peer) {
        return peer;
    }
    // Every X-Forwarded-For line, in order, as one list, read from the
    // right: trusted proxies are skipped, the first other address is the
    // client. An entry that is no address ends the walk (what lies left of
    // it was written by the client).
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    for hop in hops.into_iter().rev() {
        match parse_hop(hop).map(canon) {
            Some(ip) if is_trusted(ip) => continue,
            Some(ip) => return ip,
            None => break,
        }
    }
    peer
}

/// One entry of X-Forwarded-For: an address, maybe with a port
/// (`1.2.3.4:5678`, `[::1]:80`).
fn parse_hop(s: &str) -> Option<IpAddr> {
    s.parse::<IpAddr>().ok().or_else(|| s.parse::<SocketAddr>().ok().map(|a| a.ip()))
}

/// The client's address of a request (empty when the server was started
/// without connection info, as in unit tests of the router).
pub fn of_parts(parts: &Parts, state: &AppState) -> String {
    of(&parts.extensions, &parts.headers, state)
}

pub fn of(extensions: &axum::http::Extensions, headers: &HeaderMap, state: &AppState) -> String {
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ci| client_ip(ci.0.ip(), headers, &state.config.trusted_proxies).to_string())
        .unwrap_or_default()
}

/// Extractor: the client's address as a string.
pub struct ClientIp(pub String);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(of_parts(parts, state)))
    }
}

/// Parses `--trusted-proxy` values: each may hold several addresses
/// separated by commas.
pub fn parse_trusted(values: &[String]) -> Result<Vec<IpAddr>, String> {
    values
        .iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<IpAddr>().map_err(|_| format!("可信代理地址“{s}”不是合法的 IP 地址")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn xff(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", v.parse().unwrap());
        }
        h
    }

    #[test]
    fn untrusted_peers_cannot_choose_their_address() {
        let h = xff(&["1.2.3.4"]);
        assert_eq!(client_ip(ip("9.9.9.9"), &h, &[]), ip("9.9.9.9"));
        assert_eq!(client_ip(ip("9.9.9.9"), &h, &[ip("10.0.0.1")]), ip("9.9.9.9"));
    }

    #[test]
    fn a_trusted_proxy_names_the_client() {
        let proxy = ip("10.0.0.1");
        assert_eq!(client_ip(proxy, &xff(&["1.2.3.4"]), &[proxy]), ip("1.2.3.4"));
        // The left part is the client's to write: the right-most untrusted
        // address counts.
        assert_eq!(client_ip(proxy, &xff(&["6.6.6.6, 1.2.3.4"]), &[proxy]), ip("1.2.3.4"));
        // Two proxies in a chain.
        let inner = ip("10.0.0.2");
        assert_eq!(client_ip(proxy, &xff(&["1.2.3.4", "10.0.0.2"]), &[proxy, inner]), ip("1.2.3.4"));
        // Ports and IPv6 in brackets.
        assert_eq!(client_ip(proxy, &xff(&["[2001:db8::1]:443"]), &[proxy]), ip("2001:db8::1"));
        assert_eq!(client_ip(proxy, &xff(&["1.2.3.4:5678"]), &[proxy]), ip("1.2.3.4"));
    }

    #[test]
    fn a_trusted_proxy_without_a_usable_header_is_the_client() {
        let proxy = ip("10.0.0.1");
        assert_eq!(client_ip(proxy, &HeaderMap::new(), &[proxy]), proxy);
        assert_eq!(client_ip(proxy, &xff(&["not an address"]), &[proxy]), proxy);
        assert_eq!(client_ip(proxy, &xff(&["10.0.0.1"]), &[proxy]), proxy);
        // Garbage written by the client left of the proxy's entry is ignored.
        assert_eq!(client_ip(proxy, &xff(&["junk, 1.2.3.4"]), &[proxy]), ip("1.2.3.4"));
        // Garbage right of it is not skipped over.
        assert_eq!(client_ip(proxy, &xff(&["1.2.3.4, junk"]), &[proxy]), proxy);
    }

    #[test]
    fn ipv4_mapped_peers_match_ipv4_proxies() {
        let proxy = ip("127.0.0.1");
        assert_eq!(client_ip(ip("::ffff:127.0.0.1"), &xff(&["1.2.3.4"]), &[proxy]), ip("1.2.3.4"));
    }

    #[test]
    fn trusted_proxy_lists() {
        let v = parse_trusted(&["10.0.0.1, 10.0.0.2".into(), "::1".into()]).unwrap();
        assert_eq!(v, vec![ip("10.0.0.1"), ip("10.0.0.2"), ip("::1")]);
        assert!(parse_trusted(&["proxy.local".into()]).unwrap_err().contains("proxy.local"));
    }
}
