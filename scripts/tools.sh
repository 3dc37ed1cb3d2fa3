# Sourced by scripts/run and scripts/test: installs what a fresh Debian machine
# with rustup, Node and npm lacks, and skips whatever is already in place.
# Versions are pinned to what is verified on these machines (see README).

CARGO_LEPTOS_VERSION=0.3.10

step_note() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    step_note "installing the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_cargo_leptos() {
  if ! cargo leptos --version 2>/dev/null | grep -q " $CARGO_LEPTOS_VERSION"; then
    step_note "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 12 minutes on 2 cores)"
    # no_downloads: fail with a clear message instead of fetching tools from GitHub.
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
  fi
}

ensure_wasm_bindgen() {
  # The CLI must equal the wasm-bindgen crate in Cargo.lock exactly.
  local wanted
  wanted=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $wanted\$"; then
    step_note "installing wasm-bindgen-cli $wanted"
    # Without --locked: one of its locked dependencies is missing from the registry here.
    cargo install wasm-bindgen-cli --version "$wanted"
  fi
}

ensure_node_packages() {
  # Playwright (no browser download) and binaryen's wasm-opt for release builds.
  if [ ! -d end2end/node_modules ] || [ end2end/package-lock.json -nt end2end/node_modules ]; then
    step_note "installing end2end npm packages"
    (cd end2end && npm ci --no-audit --no-fund)
  fi
  # Debian's own binaryen is too old (its output breaks in the browser).
  PATH="$PWD/end2end/node_modules/.bin:$PATH"
  export PATH
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    step_note "installing Debian's chromium"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
  fi
}

ensure_smtp_sink() {
  # A real SMTP server for the mail test: aiosmtpd from PyPI, in a venv under
  # target/ so nothing is installed system-wide. The test finds its Python here.
  local venv="$PWD/target/test-tools/venv"
  if ! "$venv/bin/python" -c "import aiosmtpd" 2>/dev/null; then
    step_note "installing aiosmtpd (SMTP sink for the mail test)"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet "aiosmtpd==1.4.6"
  fi
  TEST_SMTP_PYTHON="$venv/bin/python"
  export TEST_SMTP_PYTHON
}

ensure_s3_server() {
  # A real S3-compatible server for the file tests: moto's server mode from
  # PyPI, in the same venv (about 70 s to install here). The tests start it.
  ensure_smtp_sink
  if ! "$TEST_SMTP_PYTHON" -c "import moto.server, flask" 2>/dev/null; then
    step_note "installing moto (S3 server for the file tests)"
    "$TEST_SMTP_PYTHON" -m pip install --quiet "moto[server]==5.2.5"
  fi
  TEST_S3_PYTHON="$TEST_SMTP_PYTHON"
  export TEST_S3_PYTHON
}

ensure_build_tools() {
  ensure_wasm_target
  ensure_cargo_leptos
  ensure_wasm_bindgen
  ensure_node_packages
}

ensure_nginx() {
  # Debian's nginx for the two-instance browser test, which starts it itself
  # (as the current user, on a random port, with deploy/nginx-test.conf).
  if [ ! -x /usr/sbin/nginx ]; then
    step_note "installing Debian's nginx"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y nginx
  fi
}
