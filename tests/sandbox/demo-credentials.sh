#!/usr/bin/env bash
# Makes the demo's credentials, as a user would for Chaman: an RSA-2048 key, a self-signed
# certificate that meets Chaman's rules (SHA-256, keyUsage digitalSignature), both packed in a
# password-protected PKCS#12 file, and the sandbox client file that registers the certificate.
# Idempotent: existing files are kept. Usage: demo-credentials.sh DIR
set -euo pipefail
dir=${1:?usage: demo-credentials.sh DIR}
mkdir -p "$dir/clients"
cd "$dir"
if [ ! -s demo.p12 ]; then
  openssl req -x509 -newkey rsa:2048 -sha256 -nodes -days 365 \
    -keyout demo.key.pem -out clients/demo.crt.pem \
    -subj "/C=BE/O=careerpro-fla demo/CN=self_service_expeditor_demo" \
    -addext "keyUsage=critical,digitalSignature" -addext "basicConstraints=critical,CA:FALSE" 2>/dev/null
  openssl pkcs12 -export -inkey demo.key.pem -in clients/demo.crt.pem -name demo \
    -passout pass:demo-password -out demo.p12
  rm -f demo.key.pem
fi
cat > clients/demo.json <<'JSON'
{
  "client_id": "self_service_expeditor_demo",
  "quality": "employer",
  "certificate": "demo.crt.pem",
  "scopes": ["scope:sigedis:gestion:careerpro-federal-learning-account:employer"],
  "enterprise_number": "0884303369"
}
JSON
echo "demo credentials: $dir/demo.p12 (password demo-password), client self_service_expeditor_demo"
