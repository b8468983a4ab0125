//! A request as a `curl` command line, to reproduce a call by hand or attach it to a support
//! ticket. Credentials are redacted unless asked for: the `Authorization` value, and
//! `client_assertion`/`client_secret` in a form body.
//!
//! ```
//! use careerpro_fla::to_curl;
//! use careerpro_fla::{HttpRequest, Method};
//! let request = HttpRequest {
//!     method: Method::Post,
//!     url: "https://example.be/v1/trainings".into(),
//!     headers: vec![
//!         ("Authorization".into(), "Bearer s3cr3t".into()),
//!         ("Content-Type".into(), "application/json".into()),
//!     ],
//!     body: Some(r#"{"name":"Rust's safety"}"#.into()),
//! };
//! assert_eq!(
//!     to_curl(&request, false),
//!     "curl -X POST 'https://example.be/v1/trainings' \\\n  \
//!      -H 'Authorization: Bearer [redacted]' \\\n  \
//!      -H 'Content-Type: application/json' \\\n  \
//!      --data-raw '{\"name\":\"Rust'\\''s safety\"}'"
//! );
//! ```

use crate::http::{redact_body, redact_header, HttpRequest, Method};

/// A POSIX-shell `curl` command that sends `request` (every argument single-quoted). Unless
/// `reveal_secrets`, the `Authorization` value and the `client_assertion`/`client_secret` form
/// values are replaced by `[redacted]`, so the command can be shared.
pub fn to_curl(request: &HttpRequest, reveal_secrets: bool) -> String {
    let mut out = String::from("curl");
    match request.method {
        // `-X HEAD` would wait for a body that never comes; `--head` does not.
        Method::Head => out.push_str(" --head"),
        // With no body curl sends GET by itself.
        Method::Get if request.body.is_none() => {}
        m => {
            out.push_str(" -X ");
            out.push_str(m.as_str());
        }
    }
    out.push(' ');
    out.push_str(&shell_quote(&request.url));
    for (name, value) in &request.headers {
        let value = if reveal_secrets { value.clone() } else { redact_header(name, value) };
        out.push_str(" \\\n  -H ");
        out.push_str(&shell_quote(&format!("{name}: {value}")));
    }
    if let Some(body) = &request.body {
        let body = if reveal_secrets { body.clone() } else { redact_body(body) };
        // `--data-raw` sends the text as is (`-d` would read a file for a leading `@`).
        out.push_str(" \\\n  --data-raw ");
        out.push_str(&shell_quote(&body));
    }
    out
}

/// Single-quotes a word for a POSIX shell: inside single quotes nothing is special, and a
/// quote is written as `'\''` (close, escaped quote, reopen).
pub(crate) fn shell_quote(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 2);
    out.push('\'');
    for c in word.chars() {
        if c == '\'' {
            out.push_str("'\\''");
        } else {
            out.push(c);
        }
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_secrets_are_redacted_unless_revealed() {
        let r = HttpRequest {
            method: Method::Post,
            url: "https://x/token".into(),
            headers: vec![("Content-Type".into(), "application/x-www-form-urlencoded".into())],
            body: Some("grant_type=client_credentials&client_assertion=eyJ.s3cr3t".into()),
        };
        let shown = to_curl(&r, false);
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(shown.contains("client_assertion=[redacted]"));
        assert!(to_curl(&r, true).contains("client_assertion=eyJ.s3cr3t"));
    }

    #[test]
    fn get_and_head_forms() {
        let mut r = HttpRequest {
            method: Method::Get,
            url: "https://x/a?b=1&c=2".into(),
            headers: vec![],
            body: None,
        };
        assert_eq!(to_curl(&r, false), "curl 'https://x/a?b=1&c=2'");
        r.method = Method::Head;
        assert_eq!(to_curl(&r, false), "curl --head 'https://x/a?b=1&c=2'");
        r.method = Method::Delete;
        assert_eq!(to_curl(&r, false), "curl -X DELETE 'https://x/a?b=1&c=2'");
    }

    #[test]
    fn quoting_survives_hostile_text() {
        assert_eq!(shell_quote("it's $(rm -rf /) `x` \"y\""), r#"'it'\''s $(rm -rf /) `x` "y"'"#);
        assert_eq!(shell_quote(""), "''");
    }
}
