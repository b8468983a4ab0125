#!/bin/sh
# Makes the X.509 test certificates of core/tests/certificate.rs with OpenSSL (3.0 or later).
#
# Idempotent: a fixture that already exists is left alone, so running the script again changes
# nothing; delete a file (or everything) to make it anew. The outputs are committed; the keys are
# test keys with no other use.
#
# Per fixture NAME:
#   NAME.pem          the certificate, PEM
#   NAME.key.pk8.der  its private key, unencrypted PKCS#8 DER (openssl pkcs8 -topk8 -nocrypt)
#   NAME.openssl.txt  what OpenSSL itself reads from the certificate (subject, serial, dates,
#                     thumbprints), so the tests compare our parser with an independent one
# plus rsa2048.der (DER form of rsa2048.pem) and chain.pem (leaf then CA).
#
# Dates are fixed (openssl ca -startdate/-enddate) so that the tests can use a fixed `now`.
# rsa2048-not-yet-valid ends in 2055, so its notAfter is a GeneralizedTime (RFC 5280 §4.1.2.5).
set -eu
cd "$(dirname "$0")"

GOOD_FROM=20250101000000Z
GOOD_TO=20450101000000Z

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# A minimal `openssl ca` setup: the only OpenSSL 3.0 command that takes explicit start dates.
mkdir "$WORK/new"
: > "$WORK/index.txt"
cat > "$WORK/ca.cnf" <<CNF
[ ca ]
default_ca = fixture_ca
[ fixture_ca ]
database = $WORK/index.txt
new_certs_dir = $WORK/new
serial = $WORK/serial
policy = anything
unique_subject = no
copy_extensions = none
[ anything ]
countryName = optional
organizationName = optional
organizationalUnitName = optional
commonName = supplied
[ ku_ds ]
keyUsage = critical, digitalSignature
subjectKeyIdentifier = hash
[ ku_ke ]
keyUsage = critical, keyEncipherment
subjectKeyIdentifier = hash
[ ku_none ]
subjectKeyIdentifier = hash
[ ca_ext ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ leaf_ext ]
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF

# new_key NAME ALGORITHM-OPTIONS...: a private key in NAME.key.pem (work dir) and PKCS#8 DER.
new_key() {
    name=$1
    shift
    openssl genpkey "$@" -out "$WORK/$name.key.pem" 2>/dev/null
    openssl pkcs8 -topk8 -nocrypt -outform DER -in "$WORK/$name.key.pem" -out "$name.key.pk8.der"
}

# load_key NAME: reuses the committed key when only the certificate has to be made again.
load_key() {
    openssl pkcs8 -nocrypt -inform DER -in "$1.key.pk8.der" -out "$WORK/$1.key.pem"
}

# self_signed NAME SERIAL SUBJECT FROM TO DIGEST EXTENSIONS [extra openssl ca options]
self_signed() {
    name=$1 serial=$2 subject=$3 from=$4 to=$5 digest=$6 ext=$7
    shift 7
    echo "$serial" > "$WORK/serial"
    openssl req -new -key "$WORK/$name.key.pem" -subj "$subject" -out "$WORK/$name.csr"
    openssl ca -batch -notext -config "$WORK/ca.cnf" -selfsign -keyfile "$WORK/$name.key.pem" \
        -in "$WORK/$name.csr" -startdate "$from" -enddate "$to" -md "$digest" \
        -extensions "$ext" -out "$name.pem" "$@" 2>/dev/null
}

# describe NAME: OpenSSL's own reading of NAME.pem.
describe() {
    {
        openssl x509 -in "$1.pem" -noout -nameopt RFC2253 -subject -issuer -serial -startdate \
            -enddate
        openssl x509 -in "$1.pem" -noout -fingerprint -sha1
        openssl x509 -in "$1.pem" -noout -fingerprint -sha256
    } > "$1.openssl.txt"
}

# fixture NAME KEY-OPTIONS -- SERIAL SUBJECT FROM TO DIGEST EXTENSIONS [ca options]
fixture() {
    name=$1
    shift
    if [ -f "$name.pem" ] && [ -f "$name.key.pk8.der" ] && [ -f "$name.openssl.txt" ]; then
        return
    fi
    keyopts=""
    while [ "$1" != "--" ]; do keyopts="$keyopts $1"; shift; done
    shift
    if [ -f "$name.key.pk8.der" ]; then load_key "$name"; else
        # shellcheck disable=SC2086  # the options are words on purpose
        new_key "$name" $keyopts
    fi
    self_signed "$name" "$@"
    describe "$name"
    echo "made $name"
}

RSA2048="-algorithm RSA -pkeyopt rsa_keygen_bits:2048"
SUBJ="/C=BE/O=CareerPro FLA Tests/CN"

fixture rsa2048 $RSA2048 -- 1001 "$SUBJ=rsa2048 good" $GOOD_FROM $GOOD_TO sha256 ku_ds
fixture rsa1024 -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -- \
    1002 "$SUBJ=rsa1024 too small" $GOOD_FROM $GOOD_TO sha256 ku_ds
fixture rsa2048-sha1 $RSA2048 -- 1003 "$SUBJ=rsa2048 sha1" $GOOD_FROM $GOOD_TO sha1 ku_ds
fixture rsa2048-no-key-usage $RSA2048 -- \
    1004 "$SUBJ=rsa2048 no key usage" $GOOD_FROM $GOOD_TO sha256 ku_none
fixture rsa2048-key-encipherment $RSA2048 -- \
    1005 "$SUBJ=rsa2048 key encipherment" $GOOD_FROM $GOOD_TO sha256 ku_ke
fixture p256 -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -- \
    1006 "$SUBJ=p256 refused curve" $GOOD_FROM $GOOD_TO sha256 ku_ds
fixture p384 -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -- \
    1007 "$SUBJ=p384 good" $GOOD_FROM $GOOD_TO sha384 ku_ds
fixture p521 -algorithm EC -pkeyopt ec_paramgen_curve:P-521 -- \
    1008 "$SUBJ=p521 good" $GOOD_FROM $GOOD_TO sha512 ku_ds
fixture rsa2048-expired $RSA2048 -- \
    1009 "$SUBJ=rsa2048 expired" 20200101000000Z 20210101000000Z sha256 ku_ds
fixture rsa2048-not-yet-valid $RSA2048 -- \
    100A "$SUBJ=rsa2048 not yet valid" 20400101000000Z 20550101000000Z sha256 ku_ds
fixture rsa2048-pss $RSA2048 -- 100B "$SUBJ=rsa2048 pss" $GOOD_FROM $GOOD_TO sha256 ku_ds \
    -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32
# DSA: a key type Chaman refuses (the key_algorithm rule).
if [ ! -f dsa.key.pk8.der ]; then
    openssl genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:2048 \
        -out "$WORK/dsa.params" 2>/dev/null
fi
fixture dsa -paramfile "$WORK/dsa.params" -- \
    100C "$SUBJ=dsa refused algorithm" $GOOD_FROM $GOOD_TO sha256 ku_ds

# P-384 with its public point compressed (SEC 1 §2.3.3): readable, but not a key we compare.
if [ ! -f p384-compressed.pem ]; then
    openssl ecparam -name secp384r1 -genkey -noout -out "$WORK/p384c.key.pem"
    openssl ec -in "$WORK/p384c.key.pem" -conv_form compressed \
        -out "$WORK/p384-compressed.key.pem" 2>/dev/null
    self_signed p384-compressed 100D "$SUBJ=p384 compressed point" $GOOD_FROM $GOOD_TO sha384 ku_ds
    describe p384-compressed
    echo "made p384-compressed"
fi

if [ ! -f rsa2048.der ]; then
    openssl x509 -in rsa2048.pem -outform DER -out rsa2048.der
    echo "made rsa2048.der"
fi

# chain.pem: a leaf (P-384) issued by a small CA (RSA 3072), leaf first as TLS and x5c order it.
if [ ! -f chain.pem ] || [ ! -f chain-leaf.key.pk8.der ]; then
    new_key chain-ca -algorithm RSA -pkeyopt rsa_keygen_bits:3072
    new_key chain-leaf -algorithm EC -pkeyopt ec_paramgen_curve:P-384
    self_signed chain-ca 2001 "$SUBJ=chain test CA" $GOOD_FROM $GOOD_TO sha384 ca_ext
    echo 2002 > "$WORK/serial"
    openssl req -new -key "$WORK/chain-leaf.key.pem" -subj "$SUBJ=chain leaf" \
        -out "$WORK/leaf.csr"
    openssl ca -batch -notext -config "$WORK/ca.cnf" -cert chain-ca.pem \
        -keyfile "$WORK/chain-ca.key.pem" -in "$WORK/leaf.csr" -startdate $GOOD_FROM \
        -enddate $GOOD_TO -md sha384 -extensions leaf_ext -out "$WORK/leaf.pem" 2>/dev/null
    cat "$WORK/leaf.pem" chain-ca.pem > chain.pem
    rm -f chain-ca.pem chain-ca.key.pk8.der
    echo "made chain.pem"
fi
