//! The SSR server: configuration, state, database, bus, HTTP plumbing.
//!
//! Invariant: this is the only module that names sqlx, fred, axum middleware
//! or the file system, and it never imports `app` or `ui`: `main.rs` hands it
//! the shell and the app to serve, so layers point down only.

pub mod auth;
pub mod bus;
pub mod captcha;
pub mod cli;
pub mod config;
pub mod ctx;
pub mod db;
pub mod error;
pub mod files;
pub mod http;
pub mod mail;
pub mod markdown;
pub mod media;
pub mod metrics;
pub mod payments;
pub mod realtime;
pub mod secrets;
pub mod services;
pub mod shutdown;
pub mod state;
pub mod storage;
pub mod telemetry;

use config::Settings;
use leptos::prelude::*;
use state::AppState;
use std::process::ExitCode;

/// Runs the server binary: loads settings, connects, migrates and serves
/// until SIGTERM or Ctrl-C. Start-up failures print one clear line to stderr
/// and exit non-zero.
pub fn main<S, SV, A, AV>(shell: S, app: A) -> ExitCode
where
    S: Fn(LeptosOptions) -> SV + Clone + Send + Sync + 'static,
    SV: IntoView + 'static,
    A: Fn() -> AV + Clone + Send + Sync + 'static,
    AV: IntoView + 'static,
{
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let command = match cli::parse(&arguments) {
        Ok(command) => command,
        Err(usage) => {
            eprintln!("{usage}");
            return ExitCode::from(2);
        }
    };
    let settings = match Settings::load() {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("bounty: cannot start: {error}");
            return ExitCode::FAILURE;
        }
    };
    telemetry::init(&settings.log);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("bounty: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = match command {
        cli::Command::Serve => runtime.block_on(serve(settings, shell, app)),
        cli::Command::Demo => runtime.block_on(demo(settings)),
        cli::Command::LedgerCheck => runtime.block_on(ledger_check(settings)),
        cli::Command::Migrate => runtime.block_on(migrate(settings)),
        cli::Command::PaymentsReconcile => runtime.block_on(payments_reconcile(settings)),
        cli::Command::AdminCreate { email, nickname } => {
            runtime.block_on(admin_create(settings, &email, &nickname))
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "server stopped with an error");
            eprintln!("bounty: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve<S, SV, A, AV>(settings: Settings, shell: S, app: A) -> anyhow::Result<()>
where
    S: Fn(LeptosOptions) -> SV + Clone + Send + Sync + 'static,
    SV: IntoView + 'static,
    A: Fn() -> AV + Clone + Send + Sync + 'static,
    AV: IntoView + 'static,
{
    let leptos_options = leptos_options(&settings)?;
    let state = AppState::start(settings, leptos_options).await?;
    let promoted = services::admin::promote_configured(&state)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    if promoted > 0 {
        tracing::info!(promoted, "configured admins promoted");
    }
    // Stopping also closes the WebSockets, which would otherwise hold the
    // graceful shutdown for its whole grace period.
    let stop = {
        let signal = shutdown::signal();
        let realtime = state.realtime.clone();
        async move {
            signal.await;
            realtime.close_all();
        }
    };
    let listener = tokio::net::TcpListener::bind(state.settings.server.addr)
        .await
        .map_err(|error| {
            anyhow::anyhow!("cannot listen on {}: {error}", state.settings.server.addr)
        })?;
    let production = state.settings.server.is_production();
    if !production {
        tracing::warn!(
            "development mode: not for real users (set server.production or an https \
             server.public_url to have unsafe settings refused)"
        );
    }
    tracing::info!(
        addr = %state.settings.server.addr,
        mode = if production { "production" } else { "development" },
        database = state.db.backend_name(),
        bus = state.bus.backend_name(),
        "listening"
    );
    let sweeper = tokio::spawn(services::orders::sweep::run(state.clone()));
    let releaser = tokio::spawn(services::money::release::run(state.clone()));
    let listings = tokio::spawn(services::orders::listings_sync::listen(state.clone()));
    let matcher = tokio::spawn(services::alerts::run(state.clone()));
    let (stop_mail, mail_stop) = tokio::sync::watch::channel(false);
    let mail = tokio::spawn(mail::worker::run(state.clone(), mail_stop));
    let reconciler = match state.settings.payments.reconcile_every_secs {
        0 => None,
        secs => Some(tokio::spawn(services::money::reconcile::run_periodically(
            state.clone(),
            std::time::Duration::from_secs(secs),
        ))),
    };
    let router = http::router(state.clone(), shell, app);
    let grace = state.settings.server.shutdown_grace();
    shutdown::serve_until(listener, router, stop, grace).await?;
    sweeper.abort();
    releaser.abort();
    listings.abort();
    matcher.abort();
    // The mail worker finishes the message it is sending (bounded by its
    // send timeout) and releases the rest of its batch.
    let _ = stop_mail.send(true);
    if tokio::time::timeout(mail::worker::SEND_TIMEOUT, mail)
        .await
        .is_err()
    {
        tracing::warn!("the mail worker did not stop in time");
    }
    if let Some(reconciler) = reconciler {
        reconciler.abort();
    }
    state.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// `ledger check`: prints every violation of the ledger's invariants and
/// fails if there is one.
async fn ledger_check(settings: Settings) -> anyhow::Result<()> {
    let state = AppState::start(settings, leptos_options_for_tools()).await?;
    let violations = services::money::check::run(&state.db).await;
    state.close().await;
    let violations = violations?;
    if violations.is_empty() {
        println!("ledger check: every invariant holds");
        return Ok(());
    }
    for violation in &violations {
        println!("violation: {violation}");
    }
    anyhow::bail!("ledger check found {} violation(s)", violations.len())
}

/// `migrate`: applies the pending migrations (and nothing else: no bus,
/// no mail, no provider), printing each version applied.
async fn migrate(settings: Settings) -> anyhow::Result<()> {
    let url = match settings.database.url.as_str() {
        "" => {
            std::fs::create_dir_all(&settings.server.data_dir)?;
            db::default_sqlite_url(&settings.server.data_dir)
        }
        url => url.to_owned(),
    };
    let db = db::Db::connect_only(&url, 1)
        .await
        .map_err(|error| anyhow::anyhow!("cannot open the database: {error}"))?;
    let applied = db.migrate().await;
    db.pool().close().await;
    let applied = applied.map_err(|error| anyhow::anyhow!("migration failed: {error}"))?;
    for version in &applied {
        println!("applied {version}");
    }
    println!(
        "migrate ({}): {} migration(s) applied, schema up to date",
        db.backend_name(),
        applied.len()
    );
    Ok(())
}

/// `payments reconcile`: one reconciliation pass, each change printed.
async fn payments_reconcile(settings: Settings) -> anyhow::Result<()> {
    let state = AppState::start(settings, leptos_options_for_tools()).await?;
    let changes = services::money::reconcile::run(&state).await;
    state.close().await;
    let changes = changes.map_err(|error| anyhow::anyhow!("reconciliation failed: {error:?}"))?;
    for change in &changes {
        println!("{change}");
    }
    println!(
        "payments reconcile ({}): {} change(s)",
        state.payments.name(),
        changes.len()
    );
    Ok(())
}

/// `admin create`: promotes the account, or creates it with the password
/// read from the first line of standard input.
async fn admin_create(settings: Settings, email: &str, nickname: &str) -> anyhow::Result<()> {
    use services::admin::{self, AdminCreated};
    let mut password = String::new();
    std::io::stdin().read_line(&mut password)?;
    let password = password.trim_end_matches(['\r', '\n']).to_owned();
    let state = AppState::start(settings, leptos_options_for_tools()).await?;
    let outcome = admin::create_admin(&state, email, nickname, password).await;
    state.close().await;
    let email = crate::domain::Email::parse(email)
        .map_or_else(|_| email.to_owned(), |e| e.as_str().to_owned());
    match outcome {
        Ok(AdminCreated::Promoted) => println!("{email} is now an admin"),
        Ok(AdminCreated::NewAccount(id)) => println!("created admin {email} (user {id})"),
        Err(error) => anyhow::bail!("cannot create the admin: {error:?}"),
    }
    Ok(())
}

/// `demo`: seeds the demo data and prints each account's password once.
async fn demo(settings: Settings) -> anyhow::Result<()> {
    let state = AppState::start(settings, leptos_options_for_tools()).await?;
    let outcome = services::demo::seed(&state).await;
    state.close().await;
    let people = outcome.map_err(|error| match error {
        crate::domain::AppError::Conflict(_) => anyhow::anyhow!("the demo data is already there"),
        other => anyhow::anyhow!("cannot seed the demo data: {other:?}"),
    })?;
    println!("Demo data seeded. Sign in as (passwords are shown only now):");
    for person in people {
        println!(
            "  {:<26} {:<8} {}",
            person.email, person.nickname, person.password
        );
    }
    Ok(())
}

/// Subcommands serve no pages; the site options only need to exist.
fn leptos_options_for_tools() -> LeptosOptions {
    LeptosOptions::builder().output_name("bounty").build()
}

/// Leptos' own options: the site files cargo-leptos built, served at our
/// configured address.
fn leptos_options(settings: &Settings) -> anyhow::Result<LeptosOptions> {
    let mut options = get_configuration(None)
        .map_err(|error| anyhow::anyhow!("cannot read the Leptos site configuration: {error}"))?
        .leptos_options;
    options.site_addr = settings.server.addr;
    // A binary built by plain cargo (not cargo-leptos) has no name compiled in.
    if options.output_name.is_empty() {
        options.output_name = "bounty".into();
    }
    Ok(options)
}
