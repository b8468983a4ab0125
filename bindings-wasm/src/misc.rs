//! Profiles, certificates, Belgian identifiers, HTTP dates and the error code list.

#[cfg(feature = "in-wasm-keys")]
use careerpro_fla::certificate::Certificate as CoreCertificate;
use careerpro_fla::http_date::{format_http_date, parse_http_date, retry_after_seconds};
use careerpro_fla::{Date, EnterpriseNumber, NssoNumber, Profile, Ssin};
use serde_json::{json, Map, Value};
use wasm_bindgen::prelude::*;

#[cfg(feature = "in-wasm-keys")]
use crate::convert::bytes;
use crate::convert::{from_js, now_s, str_arg, to_js};
use crate::error::{all_codes, bad_argument, insert_opt, js, JsResult};
#[cfg(feature = "in-wasm-keys")]
use crate::key::SigningKey;
use crate::token::snake_case;

/// Resolves a profile: `{environment: "production" | "acceptance" | origin URL, quality:
/// "employer" | "agent" | "training_provider", scope?, tokenUrl?, audience?, apiBaseUrl?}` or,
/// for another service, `{tokenUrl, apiBaseUrl, audience?, scope?}`. Answers `{tokenUrl,
/// audience, apiBaseUrl, scope?}`.
#[wasm_bindgen(unchecked_return_type = "Profile")]
pub fn profile(
    #[wasm_bindgen(unchecked_param_type = "ProfileSpec")] spec: JsValue,
) -> JsResult<JsValue> {
    let Value::Object(m) = from_js(&spec, "the profile")? else {
        return Err(bad_argument("the profile must be an object {environment, quality, …}"));
    };
    let snake: Map<String, Value> = m.into_iter().map(|(k, v)| (snake_case(&k), v)).collect();
    let p = js(Profile::from_json(&Value::Object(snake).to_string()))?;
    Ok(to_js(&profile_json(&p)))
}

fn profile_json(p: &Profile) -> Value {
    let mut m = Map::new();
    m.insert("tokenUrl".into(), json!(p.token_url));
    m.insert("audience".into(), json!(p.audience));
    m.insert("apiBaseUrl".into(), json!(p.api_base_url));
    insert_opt(&mut m, "scope", p.scope.as_deref());
    Value::Object(m)
}

/// An X.509 certificate (PEM or DER).
#[cfg(feature = "in-wasm-keys")]
#[wasm_bindgen]
#[derive(Debug)]
pub struct Certificate {
    inner: CoreCertificate,
}

#[cfg(feature = "in-wasm-keys")]
#[wasm_bindgen]
impl Certificate {
    /// Parses the first certificate of PEM text or DER bytes.
    pub fn parse(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer | string")] input: JsValue,
    ) -> JsResult<Certificate> {
        Ok(Certificate { inner: js(CoreCertificate::parse(&bytes(&input, "the certificate")?))? })
    }

    /// Subject DN (RFC 4514 string).
    #[wasm_bindgen(getter)]
    pub fn subject(&self) -> String {
        self.inner.subject()
    }

    /// Issuer DN.
    #[wasm_bindgen(getter)]
    pub fn issuer(&self) -> String {
        self.inner.issuer()
    }

    /// Serial number, hex.
    #[wasm_bindgen(getter, js_name = serialHex)]
    pub fn serial_hex(&self) -> String {
        self.inner.serial_hex()
    }

    /// Validity start, Unix seconds.
    #[wasm_bindgen(getter, js_name = notBefore)]
    pub fn not_before(&self) -> f64 {
        number(self.inner.not_before())
    }

    /// Validity end, Unix seconds.
    #[wasm_bindgen(getter, js_name = notAfter)]
    pub fn not_after(&self) -> f64 {
        number(self.inner.not_after())
    }

    /// `RSA`, `EC`, … .
    #[wasm_bindgen(getter, js_name = keyAlgorithm)]
    pub fn key_algorithm(&self) -> String {
        self.inner.key_algorithm()
    }

    /// Key size in bits, when known.
    #[wasm_bindgen(getter, js_name = keyBits)]
    pub fn key_bits(&self) -> Option<u32> {
        self.inner.key_bits()
    }

    /// The signature algorithm's name.
    #[wasm_bindgen(getter, js_name = signatureAlgorithm)]
    pub fn signature_algorithm(&self) -> String {
        self.inner.signature_algorithm()
    }

    /// `SHA-256`, `SHA-384`, … when known.
    #[wasm_bindgen(getter, js_name = signatureDigest)]
    pub fn signature_digest(&self) -> Option<String> {
        self.inner.signature_digest().map(str::to_owned)
    }

    /// Key usage names (`digitalSignature`, …), when the extension is present.
    #[wasm_bindgen(getter, js_name = keyUsage)]
    pub fn key_usage(&self) -> Option<Vec<String>> {
        self.inner.key_usage()
    }

    /// Whether subject and issuer are the same.
    #[wasm_bindgen(getter, js_name = isSelfSigned)]
    pub fn is_self_signed(&self) -> bool {
        self.inner.is_self_signed()
    }

    /// The DER encoding.
    #[wasm_bindgen(getter)]
    pub fn der(&self) -> Vec<u8> {
        self.inner.der().to_vec()
    }

    /// PEM text.
    #[wasm_bindgen(js_name = toPem)]
    pub fn to_pem(&self) -> String {
        self.inner.to_pem()
    }

    /// `x5t` (SHA-1 thumbprint, base64url).
    #[wasm_bindgen(getter)]
    pub fn x5t(&self) -> String {
        self.inner.x5t()
    }

    /// `x5t#S256` (SHA-256 thumbprint, base64url).
    #[wasm_bindgen(getter, js_name = x5tS256)]
    pub fn x5t_s256(&self) -> String {
        self.inner.x5t_s256()
    }

    /// SHA-256 thumbprint, colon-separated uppercase hex (as certificate viewers show it).
    #[wasm_bindgen(getter, js_name = thumbprintSha256Hex)]
    pub fn thumbprint_sha256_hex(&self) -> String {
        self.inner.thumbprint_sha256_hex()
    }

    /// SHA-1 thumbprint, hex.
    #[wasm_bindgen(getter, js_name = thumbprintSha1Hex)]
    pub fn thumbprint_sha1_hex(&self) -> String {
        self.inner.thumbprint_sha1_hex()
    }

    /// One paragraph for people.
    pub fn describe(&self) -> String {
        self.inner.describe()
    }

    /// Whether `key` is this certificate's private key.
    #[wasm_bindgen(js_name = matchesKey)]
    pub fn matches_key(&self, key: &SigningKey) -> bool {
        self.inner.matches_key(&key.inner)
    }

    /// The platform's certificate rules (PLATFORM.md §3): `[{rule, severity, message}]`, empty
    /// when all pass. `now`: Unix seconds, default `Date.now()`.
    #[wasm_bindgen(js_name = checkChaman, unchecked_return_type = "Finding[]")]
    pub fn check_chaman(&self, now: Option<f64>) -> JsResult<JsValue> {
        let findings: Vec<Value> = self
            .inner
            .check_chaman(now_s(now)?)
            .into_iter()
            .map(|f| json!({"rule": f.rule, "severity": f.severity.as_str(), "message": f.message}))
            .collect();
        Ok(to_js(&Value::Array(findings)))
    }
}

/// A Belgian SSIN (INSZ/NISS) in any typed form: `{value (11 digits), formatted, isBis,
/// birthDate?}`. Throws `ssin_invalid`.
#[wasm_bindgen(js_name = parseSsin, unchecked_return_type = "SsinInfo")]
pub fn parse_ssin(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> JsResult<JsValue> {
    let text = &str_arg(&text, "text")?;
    let s = js(Ssin::parse(text))?;
    let mut m = json!({"value": s.as_str(), "formatted": s.formatted(), "isBis": s.is_bis()});
    if let (Some((y, mo, d)), Value::Object(o)) = (s.birth_date(), &mut m) {
        o.insert("birthDate".into(), json!(format!("{y:04}-{mo:02}-{d:02}")));
    }
    Ok(to_js(&m))
}

/// A CBE/KBO enterprise number: `{value (10 digits), formatted}`. Throws
/// `enterprise_number_invalid`.
#[wasm_bindgen(js_name = parseEnterpriseNumber, unchecked_return_type = "IdentifierInfo")]
pub fn parse_enterprise_number(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> JsResult<JsValue> {
    let text = &str_arg(&text, "text")?;
    let e = js(EnterpriseNumber::parse(text))?;
    Ok(to_js(&json!({"value": e.as_str(), "formatted": e.formatted()})))
}

/// An NSSO (RSZ/ONSS) employer number: `{value, provisional}`. Throws `nsso_number_invalid`.
#[wasm_bindgen(js_name = parseNssoNumber, unchecked_return_type = "NssoInfo")]
pub fn parse_nsso_number(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> JsResult<JsValue> {
    let text = &str_arg(&text, "text")?;
    let n = js(NssoNumber::parse(text))?;
    Ok(to_js(&json!({"value": n.as_str(), "provisional": n.is_provisional()})))
}

/// A calendar date as the API wants it (`yyyy-MM-dd`). Throws `date_invalid`.
#[wasm_bindgen(js_name = parseDate)]
pub fn parse_date(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> JsResult<String> {
    let text = &str_arg(&text, "text")?;
    Ok(js(Date::parse(text))?.to_string())
}

/// `Retry-After` (seconds or HTTP-date) as seconds from `now` (Unix s, default `Date.now()`).
#[wasm_bindgen(js_name = retryAfterSeconds)]
pub fn retry_after_seconds_js(
    #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
    now: Option<f64>,
) -> JsResult<f64> {
    let value = &str_arg(&value, "value")?;
    let s = js(retry_after_seconds(value, now_s(now)?))?;
    Ok(number(i64::try_from(s).unwrap_or(i64::MAX)))
}

/// An HTTP-date (RFC 9110 §5.6.7) as Unix seconds, or `undefined`.
#[wasm_bindgen(js_name = parseHttpDate)]
pub fn parse_http_date_js(
    #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
) -> JsResult<Option<f64>> {
    let value = &str_arg(&value, "value")?;
    Ok(parse_http_date(value).map(number))
}

/// Unix seconds as an IMF-fixdate.
#[wasm_bindgen(js_name = formatHttpDate)]
pub fn format_http_date_js(unix: f64) -> JsResult<String> {
    let t = crate::convert::int(Some(unix), "unix", -(1 << 40), 1 << 40)?;
    Ok(format_http_date(t))
}

/// Every error code with its meaning: `[{code, meaning}]`.
#[wasm_bindgen(js_name = errorCodes, unchecked_return_type = "{ code: string; meaning: string }[]")]
pub fn error_codes() -> JsValue {
    to_js(&all_codes())
}

/// The package version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// An `i64` as a JavaScript number; every value here (times, counts) is far below 2^53.
#[allow(clippy::cast_precision_loss)]
pub fn number(v: i64) -> f64 {
    v as f64
}
