//! URLs for the API: the base URL check, safe joining of paths under it, and RFC 3986 §5
//! reference resolution (for `Location` headers and paging links).
//!
//! ```
//! use careerpro_fla::resolve_url as resolve;
//! // RFC 3986 §5.4.1
//! assert_eq!(resolve("http://a/b/c/d;p?q", "../g").as_deref(), Some("http://a/b/g"));
//! assert_eq!(resolve("http://a/b/c/d;p?q", "//g").as_deref(), Some("http://g"));
//! ```

use crate::error::{Error, ErrorCode, Result};
use crate::http::percent_encode;

/// Checks that `url` is an absolute `https` URL with a host, or `http` on a loopback host (the
/// local sandbox). `what` names the URL in the message ("token endpoint", "API base URL").
pub fn check_url(url: &str, what: &str) -> Result<()> {
    BaseUrl::parse_named(url, what).map(|_| ())
}

/// The five parts of a URI reference (RFC 3986 Appendix B); `None` means absent, which differs
/// from empty (`http://a?` has an empty query).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct UriParts<'a> {
    /// The scheme, without the `:`.
    pub scheme: Option<&'a str>,
    /// The authority, without the leading `//`.
    pub authority: Option<&'a str>,
    /// The path (possibly empty).
    pub path: &'a str,
    /// The query, without the `?`.
    pub query: Option<&'a str>,
    /// The fragment, without the `#`.
    pub fragment: Option<&'a str>,
}

/// Splits a URI reference into its parts, per the regular expression of RFC 3986 Appendix B
/// (which accepts any string).
pub(crate) fn split(reference: &str) -> UriParts<'_> {
    let (rest, fragment) = match reference.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (reference, None),
    };
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, Some(q)),
        None => (rest, None),
    };
    // A scheme is whatever precedes the first ':' if no '/' comes before it.
    let (scheme, rest) = match rest.split_once(':') {
        Some((s, r)) if !s.is_empty() && !s.contains('/') => (Some(s), r),
        _ => (None, rest),
    };
    let (authority, path) = match rest.strip_prefix("//") {
        Some(after) => match after.find('/') {
            Some(at) => {
                let (a, p) = after.split_at(at);
                (Some(a), p)
            }
            None => (Some(after), ""),
        },
        None => (None, rest),
    };
    UriParts { scheme, authority, path, query, fragment }
}

/// Resolves `reference` against the absolute URI `base` (RFC 3986 §5.2.2, strict), without the
/// fragment (HTTP never sends one). `None` when `base` has no scheme.
pub fn resolve(base: &str, reference: &str) -> Option<String> {
    let b = split(base);
    let r = split(reference.trim());
    let base_scheme = b.scheme?;
    let (scheme, authority, path, query);
    if let Some(s) = r.scheme {
        scheme = s;
        authority = r.authority;
        path = remove_dot_segments(r.path);
        query = r.query;
    } else {
        scheme = base_scheme;
        if r.authority.is_some() {
            authority = r.authority;
            path = remove_dot_segments(r.path);
            query = r.query;
        } else {
            authority = b.authority;
            if r.path.is_empty() {
                path = b.path.to_owned();
                query = r.query.or(b.query);
            } else {
                path = if r.path.starts_with('/') {
                    remove_dot_segments(r.path)
                } else {
                    remove_dot_segments(&merge(&b, r.path))
                };
                query = r.query;
            }
        }
    }
    // RFC 3986 §5.3: recomposition.
    let mut out = String::with_capacity(base.len() + reference.len());
    out.push_str(scheme);
    out.push(':');
    if let Some(a) = authority {
        out.push_str("//");
        out.push_str(a);
    }
    out.push_str(&path);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    Some(out)
}

/// RFC 3986 §5.2.3: merges a relative path with the base's.
fn merge(base: &UriParts<'_>, path: &str) -> String {
    if base.authority.is_some() && base.path.is_empty() {
        return format!("/{path}");
    }
    match base.path.rfind('/') {
        Some(at) => format!("{}{path}", base.path.get(..=at).unwrap_or("")),
        None => path.to_owned(),
    }
}

/// RFC 3986 §5.2.4: removes `.` and `..` segments.
pub(crate) fn remove_dot_segments(path: &str) -> String {
    let mut input = path;
    let mut output = String::with_capacity(path.len());
    while !input.is_empty() {
        // A.
        if let Some(rest) = input.strip_prefix("../").or_else(|| input.strip_prefix("./")) {
            input = rest;
        // B.
        } else if input.starts_with("/./") {
            input = input.get(2..).unwrap_or("");
        } else if input == "/." {
            input = "/";
        // C.
        } else if input.starts_with("/../") || input == "/.." {
            input = if input == "/.." { "/" } else { input.get(3..).unwrap_or("") };
            match output.rfind('/') {
                Some(at) => output.truncate(at),
                None => output.clear(),
            }
        // D.
        } else if input == "." || input == ".." {
            input = "";
        // E.
        } else {
            let start = usize::from(input.starts_with('/'));
            let end =
                input.get(start..).and_then(|s| s.find('/')).map_or(input.len(), |i| i + start);
            let (segment, rest) = input.split_at(end);
            output.push_str(segment);
            input = rest;
        }
    }
    output
}

/// A validated API base URL: `https://host[:port]/path`, or `http` on the loopback host only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl {
    /// `scheme://host[:port]`, scheme and host lowercased, default port dropped.
    origin: String,
    /// The path without a trailing `/` (empty for the root).
    path: String,
}

impl BaseUrl {
    /// Checks and normalises a base URL.
    ///
    /// Errors ([`ErrorCode::UrlInvalid`]): not absolute, not `https` (plain `http` is accepted
    /// for `localhost`, `127.0.0.1` and `[::1]` only, for a local sandbox), user info, a query
    /// or fragment, `.`/`..` or empty segments, spaces, control characters or backslashes.
    pub fn parse(url: &str) -> Result<BaseUrl> {
        BaseUrl::parse_named(url, "API base")
    }

    /// [`BaseUrl::parse`], naming the URL in messages ("token endpoint", "API base").
    pub fn parse_named(url: &str, what: &str) -> Result<BaseUrl> {
        let bad = |why: &str| {
            Error::new(
                ErrorCode::UrlInvalid,
                format!(
                    "the {what} URL {} {why}; give an absolute https URL such as \
                     https://services.socialsecurity.be/REST/federalLearningAccount/v1",
                    quote(url)
                ),
            )
        };
        if url.bytes().any(|b| b <= b' ' || b == 0x7f || b == b'\\') {
            return Err(bad("contains spaces, control characters or backslashes"));
        }
        let parts = split(url);
        let Some(scheme) = parts.scheme else { return Err(bad("is not absolute")) };
        let Some(authority) = parts.authority else { return Err(bad("has no host")) };
        if parts.query.is_some() || parts.fragment.is_some() {
            return Err(bad("has a query or fragment"));
        }
        let scheme = scheme.to_ascii_lowercase();
        let (host, port) = parse_authority(authority).ok_or_else(|| bad("has a malformed host"))?;
        let loopback = matches!(host.as_str(), "localhost" | "127.0.0.1" | "[::1]");
        match scheme.as_str() {
            "https" => {}
            "http" if loopback => {}
            "http" => {
                return Err(bad(
                    "uses plain http (allowed only for localhost, 127.0.0.1 and [::1])",
                ))
            }
            _ => return Err(bad("is not an https URL")),
        }
        let default_port = if scheme == "https" { 443 } else { 80 };
        let origin = match port {
            Some(p) if p != default_port => format!("{scheme}://{host}:{p}"),
            _ => format!("{scheme}://{host}"),
        };
        let path = parts.path.strip_suffix('/').unwrap_or(parts.path);
        if !path.is_empty() {
            for segment in path.get(1..).unwrap_or("").split('/') {
                if segment.is_empty() || is_dot_segment(segment) || !is_pchars(segment) {
                    return Err(bad("has an empty, dot or badly encoded path segment"));
                }
            }
        }
        Ok(BaseUrl { origin, path: path.to_owned() })
    }

    /// The normalised base URL (no trailing `/`).
    pub fn as_string(&self) -> String {
        format!("{}{}", self.origin, self.path)
    }

    /// Whether an absolute URL is this base or below it (same origin, path under the base path).
    pub fn contains(&self, url: &str) -> bool {
        self.relative_part(url).is_some()
    }

    /// For an absolute URL under this base: the path below the base (starting with `/`, or
    /// empty) and the query. `None` for another origin or a path outside the base.
    fn relative_part<'a>(&self, url: &'a str) -> Option<(&'a str, Option<&'a str>)> {
        let parts = split(url);
        let scheme = parts.scheme?.to_ascii_lowercase();
        let (host, port) = parse_authority(parts.authority?)?;
        let default_port = if scheme == "https" { 443 } else { 80 };
        let origin = match port {
            Some(p) if p != default_port => format!("{scheme}://{host}:{p}"),
            _ => format!("{scheme}://{host}"),
        };
        if origin != self.origin {
            return None;
        }
        let below = parts.path.strip_prefix(self.path.as_str())?;
        if !below.is_empty() && !below.starts_with('/') {
            return None;
        }
        Some((below, parts.query))
    }

    /// Joins a path to the base, safely: see [`crate::api::ApiRequest`] for the rules. Returns
    /// the absolute URL with `query` appended (each pair percent-encoded, order kept).
    pub fn join(
        &self,
        path: &str,
        segments: &[String],
        query: &[(String, String)],
    ) -> Result<String> {
        let bad = |why: &str| {
            Error::new(
                ErrorCode::PathInvalid,
                format!(
                    "the API path {} {why}; give a path relative to the API base URL such as \
                     \"trainings/123\", or pass untrusted parts as separate segments",
                    quote(path)
                ),
            )
        };
        if path.bytes().any(|b| b < b' ' || b == 0x7f) {
            return Err(bad("contains control characters"));
        }
        if path.contains('\\') {
            return Err(bad("contains a backslash"));
        }
        if path.contains('#') {
            return Err(bad("contains a fragment ('#')"));
        }
        let (below, raw_query) = if has_scheme(path) {
            if !path.contains("://") {
                return Err(bad("starts with a URI scheme"));
            }
            let base = self.as_string();
            self.relative_part(path).ok_or_else(|| {
                bad(&format!("is an absolute URL outside the API base URL {base}"))
            })?
        } else {
            if path.starts_with("//") {
                return Err(bad("starts with '//' (another host)"));
            }
            match path.split_once('?') {
                Some((p, q)) => (p, Some(q)),
                None => (path, None),
            }
        };
        let below = below.strip_prefix('/').unwrap_or(below);
        let mut out = format!("{}{}", self.origin, self.path);
        if !below.is_empty() {
            let pieces: Vec<&str> = below.split('/').collect();
            let last = pieces.len().saturating_sub(1);
            for (i, segment) in pieces.iter().enumerate() {
                if segment.is_empty() && i != last {
                    return Err(bad("contains an empty segment ('//')"));
                }
                if is_dot_segment(segment) {
                    return Err(bad("contains a '.' or '..' segment (possibly percent-encoded)"));
                }
                if decoded_has_control(segment) {
                    return Err(bad("contains an encoded control character or backslash"));
                }
                out.push('/');
                if is_pchars(segment) {
                    out.push_str(segment);
                } else {
                    out.push_str(&percent_encode(segment));
                }
            }
        }
        for segment in segments {
            let bad_segment = |why: &str| {
                Error::new(
                    ErrorCode::PathInvalid,
                    format!("the path segment {} {why}", quote(segment)),
                )
            };
            if segment.is_empty() {
                return Err(bad_segment("is empty"));
            }
            if segment == "." || segment == ".." {
                return Err(bad_segment("is a dot segment"));
            }
            if segment.bytes().any(|b| b < b' ' || b == 0x7f) {
                return Err(bad_segment("contains control characters"));
            }
            if out.ends_with('/') {
                out.pop();
            }
            out.push('/');
            out.push_str(&percent_encode(segment));
        }
        if out.len() == self.origin.len() {
            out.push('/');
        }
        let mut first = true;
        if let Some(q) = raw_query.filter(|q| !q.is_empty()) {
            out.push('?');
            out.push_str(&normalize_query(q));
            first = false;
        }
        for (k, v) in query {
            out.push(if first { '?' } else { '&' });
            first = false;
            out.push_str(&percent_encode(k));
            out.push('=');
            out.push_str(&percent_encode(v));
        }
        Ok(out)
    }
}

/// Host (lowercased) and port of an authority; `None` for user info, an empty host, a bad port
/// or characters a host cannot hold.
fn parse_authority(authority: &str) -> Option<(String, Option<u16>)> {
    if authority.contains('@') {
        return None;
    }
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        // RFC 3986 §3.2.2: an IP literal in brackets.
        let (inner, after) = rest.split_once(']')?;
        let ip_chars = inner.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.');
        if inner.is_empty() || !ip_chars {
            return None;
        }
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':')?),
        };
        (format!("[{inner}]"), port)
    } else {
        let (h, p) = match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        };
        let reg_name =
            h.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'));
        if h.is_empty() || !reg_name {
            return None;
        }
        (h.to_owned(), p)
    };
    let port = match port {
        None => None,
        Some("") => None,
        Some(p) if p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()) => {
            Some(p.parse::<u16>().ok()?)
        }
        Some(_) => return None,
    };
    Some((host.to_ascii_lowercase(), port))
}

/// Whether the string starts with `scheme:` (RFC 3986 §3.1: ALPHA *( ALPHA / DIGIT / + - . )).
fn has_scheme(s: &str) -> bool {
    let Some((scheme, _)) = s.split_once(':') else { return false };
    let mut bytes = scheme.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

/// Whether a segment is `.` or `..`, also once percent-decoded (up to three times, against
/// double encoding) or read with `/` or `\` as separators (`..%2F`).
fn is_dot_segment(segment: &str) -> bool {
    let mut current = segment.as_bytes().to_vec();
    for _ in 0..4 {
        if current.split(|b| *b == b'/' || *b == b'\\').any(|p| p == b"." || p == b"..") {
            return true;
        }
        let next = percent_decode(&current);
        if next == current {
            break;
        }
        current = next;
    }
    false
}

/// Whether the percent-decoded segment holds a control character, a NUL or a backslash.
fn decoded_has_control(segment: &str) -> bool {
    percent_decode(segment.as_bytes()).iter().any(|b| *b < b' ' || *b == 0x7f || *b == b'\\')
}

/// Decodes `%XX` sequences; invalid ones are kept as they are.
fn percent_decode(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while let Some(&b) = input.get(i) {
        if b == b'%' {
            if let (Some(h), Some(l)) = (
                input.get(i + 1).and_then(|c| hex_value(*c)),
                input.get(i + 2).and_then(|c| hex_value(*c)),
            ) {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    out
}

fn hex_value(c: u8) -> Option<u8> {
    char::from(c).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

/// Whether every character is an RFC 3986 `pchar` (unreserved, sub-delims, `:`, `@`) or a
/// well-formed `%XX`: such a segment is sent as given.
fn is_pchars(segment: &str) -> bool {
    let bytes = segment.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let ok = bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
            if !ok {
                return false;
            }
            i += 3;
            continue;
        }
        if !is_pchar_byte(b) {
            return false;
        }
        i += 1;
    }
    true
}

fn is_pchar_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'-' | b'.'
                | b'_'
                | b'~'
                | b'!'
                | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'@'
        )
}

/// A raw query kept as given where it is valid (`pchar`, `/`, `?`, `%XX`); anything else is
/// percent-encoded.
fn normalize_query(query: &str) -> String {
    let bytes = query.as_bytes();
    let mut out = String::with_capacity(query.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let valid_escape = b == b'%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        if valid_escape || is_pchar_byte(b) || b == b'/' || b == b'?' {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
        i += 1;
    }
    out
}

/// A value for an error message: quoted, control characters escaped, at most 100 characters.
pub(crate) fn quote(s: &str) -> String {
    // `user:password@` in a URL is a credential: never repeat it.
    let redacted;
    let s = match s.split_once("://") {
        Some((scheme, rest)) => {
            let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            match rest.get(..authority_end).and_then(|a| a.rsplit_once('@')) {
                Some((_, host)) => {
                    redacted = format!(
                        "{scheme}://[redacted]@{host}{}",
                        rest.get(authority_end..).unwrap_or("")
                    );
                    redacted.as_str()
                }
                None => s,
            }
        }
        None => s,
    };
    let short: String = s.chars().take(100).collect();
    let more = if s.chars().nth(100).is_some() { "…" } else { "" };
    format!("{short:?}{more}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_urls_hide_user_info() {
        let q = quote("https://alice:s3cret@h.example/x?y");
        assert!(!q.contains("s3cret") && !q.contains("alice"), "{q}");
        assert!(q.contains("[redacted]@h.example/x?y"), "{q}");
        assert_eq!(quote("https://h/x"), "\"https://h/x\"");
    }

    #[test]
    fn rfc3986_normal_examples() {
        // RFC 3986 §5.4.1.
        let base = "http://a/b/c/d;p?q";
        for (r, want) in [
            ("g:h", "g:h"),
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g"),
            ("?y", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/g?y"),
            ("#s", "http://a/b/c/d;p?q"),
            ("g#s", "http://a/b/c/g"),
            ("g?y#s", "http://a/b/c/g?y"),
            (";x", "http://a/b/c/;x"),
            ("g;x", "http://a/b/c/g;x"),
            ("g;x?y#s", "http://a/b/c/g;x?y"),
            ("", "http://a/b/c/d;p?q"),
            (".", "http://a/b/c/"),
            ("./", "http://a/b/c/"),
            ("..", "http://a/b/"),
            ("../", "http://a/b/"),
            ("../g", "http://a/b/g"),
            ("../..", "http://a/"),
            ("../../", "http://a/"),
            ("../../g", "http://a/g"),
        ] {
            assert_eq!(resolve(base, r).as_deref(), Some(want), "{r}");
        }
    }

    #[test]
    fn rfc3986_abnormal_examples() {
        // RFC 3986 §5.4.2 (strict parser).
        let base = "http://a/b/c/d;p?q";
        for (r, want) in [
            ("../../../g", "http://a/g"),
            ("../../../../g", "http://a/g"),
            ("/./g", "http://a/g"),
            ("/../g", "http://a/g"),
            ("g.", "http://a/b/c/g."),
            (".g", "http://a/b/c/.g"),
            ("g..", "http://a/b/c/g.."),
            ("..g", "http://a/b/c/..g"),
            ("./../g", "http://a/b/g"),
            ("./g/.", "http://a/b/c/g/"),
            ("g/./h", "http://a/b/c/g/h"),
            ("g/../h", "http://a/b/c/h"),
            ("g;x=1/./y", "http://a/b/c/g;x=1/y"),
            ("g;x=1/../y", "http://a/b/c/y"),
            ("g?y/./x", "http://a/b/c/g?y/./x"),
            ("g?y/../x", "http://a/b/c/g?y/../x"),
            ("g#s/./x", "http://a/b/c/g"),
            ("g#s/../x", "http://a/b/c/g"),
            ("http:g", "http:g"),
        ] {
            assert_eq!(resolve(base, r).as_deref(), Some(want), "{r}");
        }
        assert_eq!(resolve("no-scheme", "g"), None);
    }

    #[test]
    fn remove_dot_segments_examples() {
        // RFC 3986 §5.2.4 walk-throughs.
        assert_eq!(remove_dot_segments("/a/b/c/./../../g"), "/a/g");
        assert_eq!(remove_dot_segments("mid/content=5/../6"), "mid/6");
    }

    #[test]
    fn base_urls() {
        let ok = |u: &str| BaseUrl::parse(u).unwrap().as_string();
        assert_eq!(
            ok("https://Services.SocialSecurity.be:443/REST/x/v1/"),
            "https://services.socialsecurity.be/REST/x/v1"
        );
        assert_eq!(ok("http://127.0.0.1:8080/api"), "http://127.0.0.1:8080/api");
        assert_eq!(ok("http://localhost"), "http://localhost");
        assert_eq!(ok("http://[::1]:9/v1"), "http://[::1]:9/v1");
        for bad in [
            "",
            "services.socialsecurity.be/REST",
            "http://services.socialsecurity.be/REST",
            "ftp://host/x",
            "https://user:pw@host/x",
            "https://host/x?y=1",
            "https://host/x#f",
            "https://host/a/../b",
            "https://host//b",
            "https://host:99999/",
            "https:///path",
            "https://ho st/",
            "https://host\\x",
            "https://host/a b",
            "http://localhost.evil.com/",
        ] {
            assert_eq!(BaseUrl::parse(bad).unwrap_err().code(), ErrorCode::UrlInvalid, "{bad}");
        }
    }

    #[test]
    fn query_normalisation_encodes_raw_bytes() {
        assert_eq!(normalize_query("a=b c&d=%zz&e=é"), "a=b%20c&d=%25zz&e=%C3%A9");
        assert_eq!(normalize_query("page=2&x=%20"), "page=2&x=%20");
    }
}
