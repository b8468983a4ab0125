//! Profiles, certificates, Belgian identifiers, dates and HTTP dates.

use careerpro_fla::http_date::{format_http_date, parse_http_date, retry_after_seconds};
use careerpro_fla::ids::is_leap_year;
use careerpro_fla::profile::{Environment, Quality};
use careerpro_fla::{Date, EnterpriseNumber as CoreEnterprise, NssoNumber as CoreNsso, Profile};
use serde_json::{json, Map, Value};
use wasm_bindgen::prelude::*;

#[cfg(feature = "in-wasm-keys")]
use crate::convert::bytes;
use crate::convert::{int, now_s, opt_string, str_arg, to_js};
use crate::error::{bad_argument, js, JsResult};
#[cfg(feature = "in-wasm-keys")]
use crate::key::{public_key_json, SigningKey};

/// The FLA profile for an environment (`production`, `acceptance`, or an origin such as
/// `http://127.0.0.1:8080` for the sandbox) and a quality (`employer`, `agent`,
/// `training_provider`).
#[wasm_bindgen(js_name = flaProfile, unchecked_return_type = "Profile")]
pub fn fla_profile(
    #[wasm_bindgen(unchecked_param_type = "string")] environment: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] quality: JsValue,
) -> JsResult<JsValue> {
    let env = js(Environment::parse(&str_arg(&environment, "environment")?))?;
    let quality = js(Quality::parse(&str_arg(&quality, "quality")?))?;
    Ok(to_js(&profile_json(&Profile::fla(&env, quality))))
}

/// A profile for any service of the platform: audience = token URL, no scope.
#[wasm_bindgen(js_name = customProfile, unchecked_return_type = "Profile")]
pub fn custom_profile(
    #[wasm_bindgen(unchecked_param_type = "string")] token_url: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] api_base_url: JsValue,
) -> JsResult<JsValue> {
    let token_url = str_arg(&token_url, "tokenUrl")?;
    let api_base_url = str_arg(&api_base_url, "apiBaseUrl")?;
    Ok(to_js(&profile_json(&js(Profile::new(&token_url, &api_base_url))?)))
}

/// Reads a profile from JSON: `{"environment", "quality", …overrides}` or `{"token_url",
/// "api_base_url", "audience"?, "scope"?}`.
#[wasm_bindgen(js_name = profileFromJson, unchecked_return_type = "Profile")]
pub fn profile_from_json(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> JsResult<JsValue> {
    Ok(to_js(&profile_json(&js(Profile::from_json(&str_arg(&text, "text")?))?)))
}

/// Throws a `ValidationError` unless the URLs and the audience are usable.
#[wasm_bindgen(js_name = validateProfile)]
pub fn validate_profile(
    #[wasm_bindgen(unchecked_param_type = "Profile")] profile: JsValue,
) -> JsResult<()> {
    js(profile_of(&profile)?.validate())
}

/// A profile object `{tokenUrl, audience, apiBaseUrl, scope?}` back into the core's.
pub fn profile_of(p: &JsValue) -> JsResult<Profile> {
    if !p.is_object() {
        return Err(bad_argument(
            "the profile must be an object {tokenUrl, audience, apiBaseUrl, scope?}",
        ));
    }
    let field = |name: &str| {
        opt_string(p, name)?.ok_or_else(|| bad_argument(format!("the profile has no `{name}`")))
    };
    Ok(Profile {
        token_url: field("tokenUrl")?,
        audience: field("audience")?,
        api_base_url: field("apiBaseUrl")?,
        scope: opt_string(p, "scope")?,
    })
}

fn profile_json(p: &Profile) -> Value {
    let mut m = Map::new();
    m.insert("tokenUrl".into(), json!(p.token_url));
    m.insert("audience".into(), json!(p.audience));
    m.insert("apiBaseUrl".into(), json!(p.api_base_url));
    if let Some(s) = &p.scope {
        m.insert("scope".into(), json!(s));
    }
    Value::Object(m)
}

/// A parsed X.509 certificate (public data: `toString()` describes it).
#[cfg(feature = "in-wasm-keys")]
#[wasm_bindgen]
#[derive(Debug)]
pub struct Certificate {
    pub(crate) inner: careerpro_fla::Certificate,
}

#[cfg(feature = "in-wasm-keys")]
#[wasm_bindgen]
impl Certificate {
    /// Reads PEM (the first `CERTIFICATE` block), DER, or bare base64 DER.
    pub fn parse(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer | string")] data: JsValue,
    ) -> JsResult<Certificate> {
        Ok(Certificate {
            inner: js(careerpro_fla::Certificate::parse(&bytes(&data, "the certificate")?))?,
        })
    }

    /// Every certificate of a PEM bundle (or the one DER certificate).
    #[wasm_bindgen(js_name = parseChain)]
    pub fn parse_chain(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer | string")] data: JsValue,
    ) -> JsResult<Vec<Certificate>> {
        let all = js(careerpro_fla::Certificate::parse_chain(&bytes(&data, "the certificates")?))?;
        Ok(all.into_iter().map(|inner| Certificate { inner }).collect())
    }

    /// The subject, RFC 4514 style (`CN=…, O=…, C=BE`).
    #[wasm_bindgen(getter)]
    pub fn subject(&self) -> String {
        self.inner.subject()
    }

    /// The issuer.
    #[wasm_bindgen(getter)]
    pub fn issuer(&self) -> String {
        self.inner.issuer()
    }

    /// The serial number, hex.
    #[wasm_bindgen(getter, js_name = serialHex)]
    pub fn serial_hex(&self) -> String {
        self.inner.serial_hex()
    }

    /// Start of validity, Unix seconds.
    #[wasm_bindgen(getter, js_name = notBefore)]
    pub fn not_before(&self) -> f64 {
        number(self.inner.not_before())
    }

    /// End of validity, Unix seconds.
    #[wasm_bindgen(getter, js_name = notAfter)]
    pub fn not_after(&self) -> f64 {
        number(self.inner.not_after())
    }

    /// The subject public key.
    #[wasm_bindgen(getter, js_name = publicKey, unchecked_return_type = "PublicKey")]
    pub fn public_key(&self) -> JsResult<JsValue> {
        Ok(to_js(&public_key_json(&js(self.inner.public_key())?)))
    }

    /// `RSA`, `EC`, or another algorithm's name or OID.
    #[wasm_bindgen(getter, js_name = keyAlgorithm)]
    pub fn key_algorithm(&self) -> String {
        self.inner.key_algorithm()
    }

    /// The key algorithm's OID.
    #[wasm_bindgen(getter, js_name = keyAlgorithmOid)]
    pub fn key_algorithm_oid(&self) -> String {
        self.inner.key_algorithm_oid()
    }

    /// Key size in bits, when known.
    #[wasm_bindgen(getter, js_name = keyBits)]
    pub fn key_bits(&self) -> Option<u32> {
        self.inner.key_bits()
    }

    /// `P-256`, `P-384`, `P-521` for EC keys on those curves.
    #[wasm_bindgen(getter)]
    pub fn curve(&self) -> Option<String> {
        self.inner.curve().map(|c| c.as_str().to_owned())
    }

    /// The signature algorithm (`sha256WithRSAEncryption`, …).
    #[wasm_bindgen(getter, js_name = signatureAlgorithm)]
    pub fn signature_algorithm(&self) -> String {
        self.inner.signature_algorithm()
    }

    /// `SHA-1`, `SHA-256`, … when known.
    #[wasm_bindgen(getter, js_name = signatureDigest)]
    pub fn signature_digest(&self) -> Option<String> {
        self.inner.signature_digest().map(str::to_owned)
    }

    /// The key usage bits set (`digitalSignature`, …), when the extension is present.
    #[wasm_bindgen(getter, js_name = keyUsage)]
    pub fn key_usage(&self) -> Option<Vec<String>> {
        self.inner.key_usage()
    }

    /// Whether subject and issuer are the same.
    #[wasm_bindgen(getter, js_name = isSelfSigned)]
    pub fn is_self_signed(&self) -> bool {
        self.inner.is_self_signed()
    }

    /// The DER bytes.
    #[wasm_bindgen(getter)]
    pub fn der(&self) -> Vec<u8> {
        self.inner.der().to_vec()
    }

    /// SHA-1 thumbprint, base64url (the `x5t` header). Named as the Node binding names it.
    #[wasm_bindgen(getter, js_name = x5T)]
    pub fn x5t(&self) -> String {
        self.inner.x5t()
    }

    /// SHA-256 thumbprint, base64url (the `x5t#S256` header).
    #[wasm_bindgen(getter, js_name = x5tS256)]
    pub fn x5t_s256(&self) -> String {
        self.inner.x5t_s256()
    }

    /// SHA-1 thumbprint, hex.
    #[wasm_bindgen(getter, js_name = thumbprintSha1Hex)]
    pub fn thumbprint_sha1_hex(&self) -> String {
        self.inner.thumbprint_sha1_hex()
    }

    /// SHA-256 thumbprint, hex.
    #[wasm_bindgen(getter, js_name = thumbprintSha256Hex)]
    pub fn thumbprint_sha256_hex(&self) -> String {
        self.inner.thumbprint_sha256_hex()
    }

    /// PEM text.
    #[wasm_bindgen(js_name = toPem)]
    pub fn to_pem(&self) -> String {
        self.inner.to_pem()
    }

    /// Whether the certificate belongs to `key`.
    #[wasm_bindgen(js_name = matchesKey)]
    pub fn matches_key(&self, key: &SigningKey) -> bool {
        self.inner.matches_key(&key.inner)
    }

    /// Throws `CertificateError` (`key_certificate_mismatch`) unless the certificate belongs
    /// to `key`.
    #[wasm_bindgen(js_name = checkKey)]
    pub fn check_key(&self, key: &SigningKey) -> JsResult<()> {
        js(self.inner.check_key(&key.inner))
    }

    /// Checks Chaman's rules at `now` (Unix seconds, default the host clock): one finding per
    /// broken rule; empty means acceptable.
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

    /// A few lines for people.
    pub fn describe(&self) -> String {
        self.inner.describe()
    }

    /// Same as `describe()`.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        self.inner.describe()
    }
}

/// An SSIN (INSZ/NISS): `85.07.30-033.28`, `85073003328`, … Throws `ValidationError`
/// (`ssin_invalid`) for anything else.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Ssin {
    inner: careerpro_fla::Ssin,
}

#[wasm_bindgen]
impl Ssin {
    /// Parses an SSIN as people type it.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "string")] text: JsValue) -> JsResult<Ssin> {
        Ok(Ssin { inner: js(careerpro_fla::Ssin::parse(&str_arg(&text, "text")?))? })
    }

    /// The 11 digits.
    #[wasm_bindgen(getter)]
    pub fn value(&self) -> String {
        self.inner.as_str().to_owned()
    }

    /// `YY.MM.DD-SSS.CC`.
    #[wasm_bindgen(getter)]
    pub fn formatted(&self) -> String {
        self.inner.formatted()
    }

    /// Whether this is a BIS number.
    #[wasm_bindgen(getter, js_name = isBis)]
    pub fn is_bis(&self) -> bool {
        self.inner.is_bis()
    }

    /// Year of birth.
    #[wasm_bindgen(getter, js_name = birthYear)]
    pub fn birth_year(&self) -> i32 {
        self.inner.birth_year()
    }

    /// Date of birth, when the number encodes a real calendar date.
    #[wasm_bindgen(getter, js_name = birthDate)]
    pub fn birth_date(&self) -> Option<CalendarDate> {
        let (y, m, d) = self.inner.birth_date()?;
        Date::new(y, m, d).ok().map(|inner| CalendarDate { inner })
    }

    /// The 11 digits.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        self.value()
    }

    /// The 11 digits (for `JSON.stringify`).
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> String {
        self.value()
    }
}

/// A CBE (KBO/BCE) enterprise number: `BE 0884.303.369`, `0884303369`, … Throws
/// `ValidationError` (`enterprise_number_invalid`) for anything else.
#[wasm_bindgen]
#[derive(Debug)]
pub struct EnterpriseNumber {
    inner: CoreEnterprise,
}

#[wasm_bindgen]
impl EnterpriseNumber {
    /// Parses an enterprise number as people type it.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> JsResult<EnterpriseNumber> {
        Ok(EnterpriseNumber { inner: js(CoreEnterprise::parse(&str_arg(&text, "text")?))? })
    }

    /// The 10 digits.
    #[wasm_bindgen(getter)]
    pub fn value(&self) -> String {
        self.inner.as_str().to_owned()
    }

    /// `0884.303.369`.
    #[wasm_bindgen(getter)]
    pub fn formatted(&self) -> String {
        self.inner.formatted()
    }

    /// The 10 digits.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        self.value()
    }

    /// The 10 digits (for `JSON.stringify`).
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> String {
        self.value()
    }
}

/// An NSSO (RSZ/ONSS) employer number. Throws `ValidationError` (`nsso_number_invalid`).
#[wasm_bindgen]
#[derive(Debug)]
pub struct NssoNumber {
    inner: CoreNsso,
}

#[wasm_bindgen]
impl NssoNumber {
    /// Parses the number as people type it (`123-4567-89`), or takes it as an integer.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "string | number")] value: JsValue,
    ) -> JsResult<NssoNumber> {
        let inner = match value.as_f64() {
            Some(n) => js(CoreNsso::from_u64(
                u64::try_from(int(Some(n), "value", 0, 1 << 53)?).unwrap_or(0),
            ))?,
            None => js(CoreNsso::parse(&str_arg(&value, "value")?))?,
        };
        Ok(NssoNumber { inner })
    }

    /// The number.
    #[wasm_bindgen(getter)]
    pub fn value(&self) -> f64 {
        number(i64::try_from(self.inner.value()).unwrap_or(i64::MAX))
    }

    /// Whether it is a provisional number (5 000 000 000–5 999 999 999).
    #[wasm_bindgen(getter, js_name = isProvisional)]
    pub fn is_provisional(&self) -> bool {
        self.inner.is_provisional()
    }

    /// The wire form.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        self.inner.as_str()
    }

    /// The wire form (for `JSON.stringify`).
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> String {
        self.inner.as_str()
    }
}

/// A calendar date exchanged as `yyyy-MM-dd` (named so that it does not shadow JavaScript's
/// `Date`). Throws `ValidationError` (`date_invalid`).
#[wasm_bindgen]
#[derive(Debug)]
pub struct CalendarDate {
    inner: Date,
}

#[wasm_bindgen]
impl CalendarDate {
    /// Parses `yyyy-MM-dd` exactly.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> JsResult<CalendarDate> {
        Ok(CalendarDate { inner: js(Date::parse(&str_arg(&text, "text")?))? })
    }

    /// A date from its parts (a real calendar day, years 0–9999).
    #[wasm_bindgen(js_name = fromYmd)]
    pub fn from_ymd(year: f64, month: f64, day: f64) -> JsResult<CalendarDate> {
        let y = i32::try_from(int(Some(year), "year", 0, 9999)?).unwrap_or(0);
        let m = u32::try_from(int(Some(month), "month", 0, 99)?).unwrap_or(0);
        let d = u32::try_from(int(Some(day), "day", 0, 99)?).unwrap_or(0);
        Ok(CalendarDate { inner: js(Date::new(y, m, d))? })
    }

    /// The UTC day of a Unix time in seconds.
    #[wasm_bindgen(js_name = fromUnix)]
    pub fn from_unix(seconds: f64) -> JsResult<CalendarDate> {
        let s = int(Some(seconds), "seconds", -(1 << 45), 1 << 45)?;
        Ok(CalendarDate { inner: js(Date::from_unix(s))? })
    }

    /// The year.
    #[wasm_bindgen(getter)]
    pub fn year(&self) -> i32 {
        self.inner.year()
    }

    /// The month, 1–12.
    #[wasm_bindgen(getter)]
    pub fn month(&self) -> u32 {
        self.inner.month()
    }

    /// The day, 1–31.
    #[wasm_bindgen(getter)]
    pub fn day(&self) -> u32 {
        self.inner.day()
    }

    /// Days since 1970-01-01.
    #[wasm_bindgen(getter, js_name = daysSinceEpoch)]
    pub fn days_since_epoch(&self) -> f64 {
        number(self.inner.days_since_epoch())
    }

    /// `yyyy-MM-dd`.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        self.inner.to_string()
    }

    /// `yyyy-MM-dd` (for `JSON.stringify`).
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> String {
        self.inner.to_string()
    }
}

/// Whether `year` is a leap year (proleptic Gregorian).
#[wasm_bindgen(js_name = isLeapYear)]
pub fn is_leap_year_js(year: f64) -> JsResult<bool> {
    let y = i32::try_from(int(Some(year), "year", -(1 << 30), 1 << 30)?).unwrap_or(0);
    Ok(is_leap_year(y))
}

/// Seconds to wait for a `Retry-After` value (delta-seconds or HTTP-date) at `now` (Unix
/// seconds); throws `ResponseError` (`retry_after_invalid`) for anything else.
#[wasm_bindgen(js_name = retryAfterSeconds)]
pub fn retry_after_seconds_js(
    #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
    now: Option<f64>,
) -> JsResult<f64> {
    let s = js(retry_after_seconds(&str_arg(&value, "value")?, now_s(now)?))?;
    Ok(number(i64::try_from(s).unwrap_or(i64::MAX)))
}

/// An HTTP-date (RFC 9110 §5.6.7) as Unix seconds, or `null`.
#[wasm_bindgen(js_name = parseHttpDate, unchecked_return_type = "number | null")]
pub fn parse_http_date_js(
    #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
) -> JsResult<JsValue> {
    Ok(parse_http_date(&str_arg(&value, "value")?).map_or(JsValue::NULL, |s| number(s).into()))
}

/// Unix seconds as an HTTP-date (`Thu, 01 Jan 2026 00:00:00 GMT`).
#[wasm_bindgen(js_name = formatHttpDate)]
pub fn format_http_date_js(seconds: f64) -> JsResult<String> {
    Ok(format_http_date(int(Some(seconds), "seconds", -(1 << 40), 1 << 40)?))
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
