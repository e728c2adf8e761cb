//! `dateline serve`: a JSON API and a server-rendered web UI over the corpus store.
//!
//! In: a store file (`dateline-store`, SQLite in WAL mode) and, for ingest over HTTP, a bearer
//! token (posted articles are read by `dateline_input::posted_article` and extracted by
//! `dateline_extract::extract_record`). Out: an axum [`Router`] ([`app`]) and a server ([`run`]).
//! Rule: every store call runs on a blocking thread ([`tokio::task::spawn_blocking`]) with one
//! read-only connection taken from a small pool (WAL lets readers read during an ingest); the
//! only writer is one connection behind a mutex, opened only when a token is configured, so the
//! server is read-only by default. Every piece of stored text reaches HTML through an escaper
//! (maud's, or [`highlight`]'s for the annotated article text). Malformed queries answer 400,
//! never 500; bodies, query strings and page sizes are capped.
//!
//! Modules: `api` (JSON handlers), `pages` (HTML pages), [`highlight`] (article text with
//! entity, quote, amount and date marks, built from the record's code-point spans), `pool`
//! (read connections with a query time limit).

mod api;
pub mod highlight;
mod pages;
mod pool;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use dateline_store::Store;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Options of `dateline serve`.
#[derive(clap::Args, Debug, Clone)]
pub struct ServeArgs {
    /// The database file (made by `dateline ingest`).
    #[arg(long, default_value = "dateline.db")]
    pub db: PathBuf,
    /// Address to listen on (port 0: any free port; the address is printed on stderr).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Bearer token that enables `POST /api/articles` (default: the environment variable
    /// DATELINE_TOKEN). Without one the server is read-only.
    #[arg(long)]
    pub token: Option<String>,
    /// Read connections (and so concurrent queries); default: twice the cores, at least 4.
    #[arg(long)]
    pub readers: Option<usize>,
    /// Largest request body accepted, in bytes.
    #[arg(long, default_value_t = 2 << 20)]
    pub max_body: usize,
    /// Longest time a query may run before it is interrupted (503), in seconds.
    #[arg(long, default_value_t = 10.0)]
    pub query_timeout: f64,
}

/// What the server needs; see [`ServeArgs`] for the meaning of each field.
#[derive(Clone)]
pub struct Config {
    pub db: PathBuf,
    pub token: Option<String>,
    pub readers: usize,
    pub max_body: usize,
    pub query_timeout: Duration,
    /// Longest text parameter (`q`, `speaker`, `entity`…), in characters.
    pub max_param_chars: usize,
    /// Longest query string, in bytes (414 beyond).
    pub max_query_bytes: usize,
    /// Largest page (`limit`).
    pub max_page: usize,
}

impl Config {
    pub fn new(db: PathBuf) -> Config {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        Config {
            db,
            token: None,
            readers: (2 * cores).max(4),
            max_body: 2 << 20,
            query_timeout: Duration::from_secs(10),
            max_param_chars: 1000,
            max_query_bytes: 4096,
            max_page: 100,
        }
    }
}

/// Shared state of the handlers.
pub(crate) struct Inner {
    pub cfg: Config,
    pub pool: pool::Pool,
    /// The one write connection; `None` when no token is configured (read-only server).
    pub writer: Option<Mutex<Store>>,
}

pub(crate) type App = Arc<Inner>;

/// Builds the router: opens the read connections (the database must exist) and, when a token
/// is configured, the write connection (creating the database if needed).
pub fn app(cfg: Config) -> anyhow::Result<Router> {
    let token = cfg.token.clone().filter(|t| !t.is_empty());
    let writer = match &token {
        Some(_) => Some(Mutex::new(Store::open(&cfg.db).map_err(|e| anyhow::anyhow!("{e}"))?)),
        None => {
            if !cfg.db.exists() {
                anyhow::bail!(
                    "{}: no such database (create it with `dateline ingest --db {} PATH...`, or give --token to ingest over HTTP)",
                    cfg.db.display(),
                    cfg.db.display()
                );
            }
            None
        }
    };
    let pool = pool::Pool::open(&cfg.db, cfg.readers.max(1), cfg.query_timeout)?;
    let cfg = Config { token, ..cfg };
    let max_body = cfg.max_body;
    let state: App = Arc::new(Inner { cfg, pool, writer });
    let router = Router::new()
        .route("/", get(pages::search))
        .route("/articles/{id}", get(pages::article))
        .route("/entities/{id}", get(pages::entity))
        .route("/quotes", get(pages::quotes))
        .route("/api/search", get(api::search))
        .route("/api/articles", axum::routing::post(api::post_article))
        .route("/api/articles/{id}", get(api::article))
        .route("/api/entities/{id}", get(api::entity))
        .route("/api/quotes", get(api::quotes))
        .route("/api/amounts", get(api::amounts))
        .route("/api/events", get(api::events))
        .route("/api/stats", get(api::stats))
        .route("/api/openapi.json", get(api::openapi))
        .fallback(fallback)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state);
    Ok(router)
}

/// Caps the query string and adds security headers to every response.
async fn guard(axum::extract::State(app): axum::extract::State<App>, req: Request, next: Next) -> Response {
    let too_long = req.uri().query().is_some_and(|q| q.len() > app.cfg.max_query_bytes);
    let is_api = req.uri().path().starts_with("/api/");
    let mut res = if too_long {
        let msg = format!("query string longer than {} bytes", app.cfg.max_query_bytes);
        if is_api {
            api::ApiError::new(StatusCode::URI_TOO_LONG, msg).into_response()
        } else {
            pages::error_page(StatusCode::URI_TOO_LONG, &msg)
        }
    } else {
        next.run(req).await
    };
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    res
}

async fn fallback(uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/api/") {
        api::ApiError::new(StatusCode::NOT_FOUND, format!("no such route: {}", uri.path())).into_response()
    } else {
        pages::error_page(StatusCode::NOT_FOUND, "No such page.")
    }
}

/// Runs the server until Ctrl-C or SIGTERM.
pub fn run(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let mut cfg = Config::new(args.db.clone());
    cfg.token = args.token.clone().or_else(|| std::env::var("DATELINE_TOKEN").ok()).filter(|t| !t.is_empty());
    if let Some(r) = args.readers {
        cfg.readers = r.max(1);
    }
    cfg.max_body = args.max_body;
    if !(args.query_timeout.is_finite() && args.query_timeout > 0.0) {
        anyhow::bail!("--query-timeout wants a positive number of seconds");
    }
    cfg.query_timeout = Duration::from_secs_f64(args.query_timeout);
    let writable = cfg.token.is_some();
    let router = app(cfg)?;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr).await.map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", args.addr))?;
        let local = listener.local_addr()?;
        eprintln!(
            "dateline serve: listening on http://{local}/ ({}, {})",
            args.db.display(),
            if writable { "POST /api/articles enabled with the bearer token" } else { "read-only" }
        );
        axum::serve(listener, router).with_graceful_shutdown(shutdown()).await?;
        eprintln!("dateline serve: stopped");
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// Percent-encodes everything but the unreserved characters (for paths and query values).
pub(crate) fn pct(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
