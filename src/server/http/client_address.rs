//! The client's address, behind trusted reverse proxies.
//!
//! Invariants: `X-Forwarded-For` and `Forwarded` are read only when the
//! socket's peer is in `server.trusted_proxies`; then the address is the
//! nearest hop (right to left) that is not itself a trusted proxy. From any
//! other peer those headers are ignored, so a client cannot choose the
//! address its limits are counted against. Every use of the client address
//! (sign-in limits, logs) reads the one `ClientAddress` this layer stores in
//! the request's extensions.

use axum::extract::{ConnectInfo, Request};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// The address a request is counted against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

/// The parsed `server.trusted_proxies`.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Arc<Vec<IpNet>>);

impl TrustedProxies {
    /// Entries that do not parse were refused at start (`config::validate`).
    pub fn new(entries: &[String]) -> Self {
        Self(Arc::new(
            entries
                .iter()
                .filter_map(|entry| crate::server::config::parse_proxy(entry))
                .collect(),
        ))
    }

    fn trusts(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.0.iter().any(|net| net.contains(&address))
    }

    /// The client behind `peer`, given the forwarding headers.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        let hops = forwarded_for(headers);
        // Right to left: the rightmost hop was added by the nearest proxy;
        // everything left of the first untrusted hop could be forged.
        let mut client = peer;
        for hop in hops.iter().rev() {
            let Some(hop) = *hop else {
                // An unreadable hop: stop at the last address we can vouch for.
                break;
            };
            client = hop;
            if !self.trusts(hop) {
                break;
            }
        }
        client
    }
}

/// An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) as plain IPv4.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        IpAddr::V4(_) => address,
    }
}

/// The hops of `X-Forwarded-For` (all its headers, in order), or else of
/// `Forwarded`'s `for=` parameters; `None` for a hop that is no address.
fn forwarded_for(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let x_forwarded: Vec<Option<IpAddr>> = headers
        .get_all("x-forwarded-for")
        .iter()
        .flat_map(|value| value.to_str().unwrap_or("?").split(','))
        .map(|hop| parse_hop(hop.trim()))
        .collect();
    if !x_forwarded.is_empty() {
        return x_forwarded;
    }
    headers
        .get_all("forwarded")
        .iter()
        .flat_map(|value| value.to_str().unwrap_or("for=?").split(','))
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (name, value) = pair.trim().split_once('=')?;
                name.eq_ignore_ascii_case("for").then(|| parse_hop(value))
            })
        })
        .collect()
}

/// One hop: `1.2.3.4`, `"[2001:db8::1]:4711"`, `1.2.3.4:80`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim_matches('"');
    if let Ok(address) = hop.parse::<IpAddr>() {
        return Some(canonical(address));
    }
    if let Ok(socket) = hop.parse::<SocketAddr>() {
        return Some(canonical(socket.ip()));
    }
    hop.strip_prefix('[')
        .and_then(|rest| rest.split_once(']'))
        .and_then(|(inside, _)| inside.parse::<IpAddr>().ok())
        .map(canonical)
}

/// The middleware: stores the request's `ClientAddress`.
pub async fn resolve(
    axum::extract::State(proxies): axum::extract::State<TrustedProxies>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    if let Some(peer) = peer {
        let client = proxies.client(peer, request.headers());
        request.extensions_mut().insert(ClientAddress(client));
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies(entries: &[&str]) -> TrustedProxies {
        TrustedProxies::new(&entries.iter().map(|e| (*e).to_owned()).collect::<Vec<_>>())
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().expect("header"));
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("ip")
    }

    #[test]
    fn forwarding_headers_from_an_untrusted_peer_are_ignored() {
        let forged = headers(&[("x-forwarded-for", "203.0.113.9")]);
        assert_eq!(
            proxies(&[]).client(ip("198.51.100.7"), &forged),
            ip("198.51.100.7")
        );
        let other = proxies(&["10.0.0.0/8"]);
        assert_eq!(
            other.client(ip("198.51.100.7"), &forged),
            ip("198.51.100.7")
        );
    }

    #[test]
    fn a_trusted_proxy_names_the_client_and_forged_hops_left_of_it_do_not_count() {
        let trusted = proxies(&["10.0.0.1", "10.1.0.0/16"]);
        let sent = headers(&[("x-forwarded-for", "1.1.1.1, 203.0.113.9, 10.1.2.3")]);
        // 10.1.2.3 is a trusted hop; 203.0.113.9 is the client; 1.1.1.1 was
        // whatever the client claimed.
        assert_eq!(trusted.client(ip("10.0.0.1"), &sent), ip("203.0.113.9"));
    }

    #[test]
    fn the_forwarded_header_is_read_when_x_forwarded_for_is_absent() {
        let trusted = proxies(&["127.0.0.1"]);
        let sent = headers(&[("forwarded", "for=\"[2001:db8::1]:4711\";proto=https")]);
        assert_eq!(trusted.client(ip("127.0.0.1"), &sent), ip("2001:db8::1"));
    }

    #[test]
    fn an_unreadable_hop_stops_at_the_last_trusted_address() {
        let trusted = proxies(&["127.0.0.1"]);
        let sent = headers(&[("x-forwarded-for", "unknown")]);
        assert_eq!(trusted.client(ip("127.0.0.1"), &sent), ip("127.0.0.1"));
    }

    #[test]
    fn ipv4_mapped_addresses_match_ipv4_ranges() {
        let trusted = proxies(&["127.0.0.0/8"]);
        let sent = headers(&[("x-forwarded-for", "192.0.2.5")]);
        assert_eq!(
            trusted.client(ip("::ffff:127.0.0.1"), &sent),
            ip("192.0.2.5")
        );
    }
}
