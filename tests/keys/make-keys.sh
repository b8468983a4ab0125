#!/usr/bin/env bash
# Test keys for careerpro-fla: fixed fixtures, made once and committed.
#
# Provenance: every file here was produced by this script with OpenSSL 3.0 (Debian 12,
# `openssl version` 3.0.19) and OpenJDK 17 keytool (17.0.15). The keys are throwaway test keys:
# they protect nothing and must never be used for anything but tests.
#
# The script is idempotent: it only creates files that are missing, so running it again changes
# nothing. `make test` never runs it; delete a file and rerun to regenerate that file (and note
# that files derived from a key must then be regenerated too: delete `<name>.*`).
#
# Password of every encrypted file: `correct horse battery staple` (see README.md).
#
# Certificates are self-signed with `openssl ca -selfsign` because OpenSSL 3.0's `req`/`x509`
# have no `-not_before`/`-not_after`: validity is fixed to 2025-01-01 .. 2035-01-01.
set -euo pipefail
cd "$(dirname "$0")"

PASS='correct horse battery staple'
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

missing() { [ ! -e "$1" ]; }

genkey() { # name → <name>.pkcs8.pem
  local name=$1 out=$1.pkcs8.pem
  missing "$out" || return 0
  case $name in
    rsa*) openssl genpkey -quiet -algorithm RSA -pkeyopt "rsa_keygen_bits:${name#rsa}" -out "$out" ;;
    p256) openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -pkeyopt ec_param_enc:named_curve -out "$out" ;;
    p384) openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -pkeyopt ec_param_enc:named_curve -out "$out" ;;
    p521) openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-521 -pkeyopt ec_param_enc:named_curve -out "$out" ;;
    secp256k1) openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:secp256k1 -pkeyopt ec_param_enc:named_curve -out "$out" ;;
    ed25519) openssl genpkey -quiet -algorithm ED25519 -out "$out" ;;
  esac
}

selfsign() { # name → <name>.crt.pem, SHA-256, keyUsage critical digitalSignature
  local name=$1 out=$1.crt.pem dir=$TMP/ca-$1
  missing "$out" || return 0
  mkdir -p "$dir"
  : > "$dir/index.txt"
  openssl rand -hex 16 > "$dir/serial"
  cat > "$dir/ca.cnf" <<EOF
[ ca ]
default_ca = fixture
[ fixture ]
dir = $dir
database = $dir/index.txt
new_certs_dir = $dir
serial = $dir/serial
default_md = sha256
policy = policy_any
unique_subject = no
email_in_dn = no
x509_extensions = leaf
[ policy_any ]
commonName = supplied
[ leaf ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
subjectKeyIdentifier = hash
EOF
  openssl req -new -key "$name.pkcs8.pem" -subj "/CN=careerpro-fla test $name" -out "$dir/req.csr"
  openssl ca -batch -config "$dir/ca.cnf" -selfsign -keyfile "$name.pkcs8.pem" -in "$dir/req.csr" \
    -startdate 20250101000000Z -enddate 20350101000000Z -notext -out "$out" 2>/dev/null
}

jwk() { # name → <name>.jwk.json (private JWK, RFC 7517/7518 §6), from `openssl pkey -text`
  local name=$1 out=$1.jwk.json
  missing "$out" || return 0
  openssl pkey -in "$name.pkcs8.pem" -text -noout | python3 -c '
import base64, json, re, sys
name = sys.argv[1]
text = sys.stdin.read()
fields, cur = {}, None
for line in text.splitlines():
    m = re.match(r"^([A-Za-z][\w -]*):\s*(.*)$", line)
    if m:
        cur = m.group(1); fields[cur] = m.group(2).strip()
    elif cur is not None:
        fields[cur] += line.strip()
def num(key):
    v = fields[key]
    m = re.match(r"^(\d+) \(0x[0-9a-f]+\)$", v)
    if m:
        return int(m.group(1))
    return int(v.replace(":", ""), 16)
def b64(n, length=None):
    length = length or max(1, (n.bit_length() + 7) // 8)
    return base64.urlsafe_b64encode(n.to_bytes(length, "big")).rstrip(b"=").decode()
if "modulus" in fields:
    n = num("modulus")
    jwk = {"kty": "RSA", "kid": name, "n": b64(n), "e": b64(num("publicExponent")),
           "d": b64(num("privateExponent")), "p": b64(num("prime1")), "q": b64(num("prime2")),
           "dp": b64(num("exponent1")), "dq": b64(num("exponent2")), "qi": b64(num("coefficient"))}
else:
    crv = {"P-256": ("P-256", 32), "P-384": ("P-384", 48), "P-521": ("P-521", 66)}[fields["NIST CURVE"]]
    size = crv[1]
    pub = bytes.fromhex(fields["pub"].replace(":", ""))
    assert pub[0] == 4 and len(pub) == 1 + 2 * size
    jwk = {"kty": "EC", "kid": name, "crv": crv[0],
           "x": b64(int.from_bytes(pub[1:1 + size], "big"), size),
           "y": b64(int.from_bytes(pub[1 + size:], "big"), size),
           "d": b64(num("priv"), size)}
print(json.dumps(jwk, indent=2))
' "$name" > "$out"
}

for name in rsa2048 rsa3072 rsa4096 p256 p384 p521; do
  genkey "$name"
  missing "$name.pkcs8.der" && openssl pkcs8 -topk8 -nocrypt -in "$name.pkcs8.pem" -outform DER -out "$name.pkcs8.der"
  if missing "$name.enc.pem"; then
    # Vary the PBES2 parameters: OpenSSL's default (PBKDF2-HMAC-SHA256, AES-256-CBC) for most,
    # the older HMAC-SHA1 PRF with AES-128-CBC and AES-192-CBC for two.
    case $name in
      p256) opts=(-v2 aes-128-cbc -v2prf hmacWithSHA1) ;;
      p384) opts=(-v2 aes-192-cbc -v2prf hmacWithSHA256) ;;
      *) opts=(-v2 aes-256-cbc -v2prf hmacWithSHA256) ;;
    esac
    openssl pkcs8 -topk8 "${opts[@]}" -in "$name.pkcs8.pem" -passout pass:"$PASS" -out "$name.enc.pem"
  fi
  jwk "$name"
  selfsign "$name"
  missing "$name.p12" && openssl pkcs12 -export -inkey "$name.pkcs8.pem" -in "$name.crt.pem" \
    -name "$name" -passout pass:"$PASS" -out "$name.p12"
  missing "$name.legacy.p12" && openssl pkcs12 -export -legacy -inkey "$name.pkcs8.pem" -in "$name.crt.pem" \
    -name "$name" -passout pass:"$PASS" -out "$name.legacy.p12"
done

# JDK keytool re-encodes what it imports (its own PKCS#8 encoding, PBES2 AES-256, HmacPBESHA256 MAC).
for name in rsa2048 p384; do
  missing "$name.keytool.p12" && keytool -importkeystore -noprompt \
    -srckeystore "$name.p12" -srcstoretype pkcs12 -srcstorepass "$PASS" -srcalias "$name" \
    -destkeystore "$name.keytool.p12" -deststoretype pkcs12 -deststorepass "$PASS" \
    -destkeypass "$PASS" -destalias "$name" >/dev/null
done

# Two key entries, aliases `first` (RSA 2048) and `second` (P-384), merged by keytool.
if missing two-entries.p12; then
  keytool -importkeystore -noprompt -srckeystore rsa2048.p12 -srcstoretype pkcs12 -srcstorepass "$PASS" \
    -srcalias rsa2048 -destkeystore two-entries.p12 -deststoretype pkcs12 -deststorepass "$PASS" \
    -destkeypass "$PASS" -destalias first >/dev/null
  keytool -importkeystore -noprompt -srckeystore p384.p12 -srcstoretype pkcs12 -srcstorepass "$PASS" \
    -srcalias p384 -destkeystore two-entries.p12 -deststoretype pkcs12 -deststorepass "$PASS" \
    -destkeypass "$PASS" -destalias second >/dev/null
fi

# Keys generated by Java itself: Java encodes EC private keys without the public point, which the
# loader must then take from the certificate.
missing java-p384.p12 && keytool -genkeypair -keyalg EC -groupname secp384r1 -alias java-p384 \
  -dname "CN=careerpro-fla test java-p384" -startdate "2025/01/01 00:00:00" -validity 3652 \
  -sigalg SHA256withECDSA -ext KeyUsage:critical=digitalSignature -storetype pkcs12 \
  -keystore java-p384.p12 -storepass "$PASS" >/dev/null 2>&1

# No encryption at all: a plain KeyBag, certificates in clear, no MAC.
missing nopass.p12 && openssl pkcs12 -export -keypbe NONE -certpbe NONE -nomac -inkey p384.pkcs8.pem \
  -in p384.crt.pem -name p384 -passout pass: -out nopass.p12
# Encrypted and MACed with the empty password.
missing emptypass.p12 && openssl pkcs12 -export -inkey p384.pkcs8.pem -in p384.crt.pem -name p384 \
  -passout pass: -out emptypass.p12

# Traditional encodings.
missing rsa2048.pkcs1.pem && openssl pkey -in rsa2048.pkcs8.pem -traditional -out rsa2048.pkcs1.pem
for name in p256 p384 p521; do
  missing "$name.sec1.pem" && openssl ec -in "$name.pkcs8.pem" -out "$name.sec1.pem" 2>/dev/null
  missing "$name.sec1-nopub.pem" && openssl ec -in "$name.pkcs8.pem" -no_public -out "$name.sec1-nopub.pem" 2>/dev/null
done
# Legacy OpenSSL PEM encryption (Proc-Type: 4,ENCRYPTED): refused with advice to convert.
missing rsa2048.legacy-enc.pem && openssl rsa -in rsa2048.pkcs8.pem -traditional -aes128 \
  -passout pass:"$PASS" -out rsa2048.legacy-enc.pem 2>/dev/null

# Keys that must be refused.
genkey rsa1024
genkey ed25519
genkey secp256k1
exit 0
