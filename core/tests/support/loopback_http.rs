//! A deliberately small HTTP/1.1 client for the Rust host in the demo and the end-to-end test:
//! plain `http://` to a loopback address only (the local sandbox), `Connection: close`,
//! `Content-Length` or chunked bodies. Real hosts use their HTTP client; the core never does
//! I/O, so this file lives beside the tests, not in the crate.

#![allow(clippy::disallowed_types, clippy::disallowed_methods)] // the host does the I/O here
#![allow(dead_code)] // each includer uses part of it
#![allow(clippy::indexing_slicing)] // offsets come from the searches just before

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use careerpro_fla::{HttpRequest, HttpResponse};

/// Sends `request` and reads the whole response.
pub fn send(request: &HttpRequest) -> std::io::Result<HttpResponse> {
    let rest = request
        .url
        .strip_prefix("http://")
        .ok_or_else(|| other("only http:// loopback URLs are supported here"))?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let host = authority.rsplit_once(':').map_or(authority, |(h, _)| h);
    if !matches!(host, "127.0.0.1" | "localhost" | "[::1]") {
        return Err(other("refusing a non-loopback host"));
    }
    let mut stream = TcpStream::connect(authority)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let body = request.body.as_deref().unwrap_or("");
    let mut head =
        format!("{} {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n", request.method);
    for (k, v) in &request.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if request.body.is_some() {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.as_bytes())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    parse(&raw)
}

fn parse(raw: &[u8]) -> std::io::Result<HttpResponse> {
    let split =
        raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or_else(|| other("no header end"))?;
    let head = std::str::from_utf8(&raw[..split]).map_err(|_| other("header not UTF-8"))?;
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| other("bad status line"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let body = &raw[split + 4..];
    let chunked = headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    let body = if chunked { dechunk(body)? } else { body.to_vec() };
    Ok(HttpResponse::new(status, headers, body))
}

fn dechunk(mut data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let eol = data.windows(2).position(|w| w == b"\r\n").ok_or_else(|| other("bad chunk"))?;
        let size_text = std::str::from_utf8(&data[..eol]).map_err(|_| other("bad chunk size"))?;
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| other("bad chunk size"))?;
        data = &data[eol + 2..];
        if size == 0 {
            return Ok(out);
        }
        out.extend_from_slice(data.get(..size).ok_or_else(|| other("short chunk"))?);
        data = data.get(size + 2..).ok_or_else(|| other("short chunk"))?;
    }
}

fn other(msg: &str) -> std::io::Error {
    std::io::Error::other(msg.to_owned())
}
