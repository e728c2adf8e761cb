//! The JSON API (`/api/...`); see `openapi.json` for the document served at `/api/openapi.json`.
//!
//! In: query parameters, paths, and for `POST /api/articles` a bearer token and one input JSON
//! article. Out: JSON bodies; errors are `{"error": "...", "status": N}`.
//! Rule: caller mistakes (malformed full-text query, bad date, bad number, unknown kind or type,
//! overlong parameter) are 400; unknown ids 404; a query past the time limit 503; only a broken
//! database or program is 500. Page sizes are capped (`limit` above the cap is lowered to it).

use crate::pool::PoolError;
use crate::{App, Config};
use axum::body::Body;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use dateline_store::query::EventQuery;
use dateline_store::{Kind, NewArticle, Search, Store};
use serde_json::json;
use std::collections::HashMap;

/// An error answered as JSON.
#[derive(Debug)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError { status, message: message.into() }
    }
    pub fn bad(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = (self.status, Json(json!({"error": self.message, "status": self.status.as_u16()}))).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        res
    }
}

/// Maps a store error to a status and a message.
pub(crate) fn store_error(e: dateline_store::Error) -> ApiError {
    match e {
        dateline_store::Error::BadQuery(m) => ApiError::bad(m),
        dateline_store::Error::Sqlite(rusqlite::Error::SqliteFailure(f, _)) if f.code == rusqlite::ErrorCode::OperationInterrupted => {
            ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "the query took too long and was stopped; narrow it down")
        }
        other => {
            eprintln!("dateline serve: error: {other}");
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("internal error: {other}"))
        }
    }
}

/// Runs a store call on the pool.
pub(crate) async fn with_store<T: Send + 'static>(
    app: &App,
    f: impl FnOnce(&Store) -> Result<T, dateline_store::Error> + Send + 'static,
) -> Result<T, ApiError> {
    app.pool.run(f).await.map_err(|e| match e {
        PoolError::Inner(e) => store_error(e),
        PoolError::Timeout(d) => {
            ApiError::new(StatusCode::SERVICE_UNAVAILABLE, format!("the query took longer than {:.0} s and was stopped; narrow it down", d.as_secs_f64()))
        }
        PoolError::Internal(m) => {
            eprintln!("dateline serve: error: {m}");
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, m)
        }
    })
}

/// Query parameters, checked.
pub(crate) struct Params<'a> {
    map: HashMap<String, String>,
    cfg: &'a Config,
}

impl<'a> Params<'a> {
    pub fn new(q: Result<Query<HashMap<String, String>>, QueryRejection>, cfg: &'a Config) -> Result<Params<'a>, ApiError> {
        let Query(map) = q.map_err(|e| ApiError::bad(format!("bad query string: {e}")))?;
        Ok(Params { map, cfg })
    }

    /// A text parameter, trimmed; empty counts as absent.
    pub fn text(&self, k: &str) -> Result<Option<String>, ApiError> {
        match self.map.get(k).map(|v| v.trim()) {
            None | Some("") => Ok(None),
            Some(v) if v.chars().count() > self.cfg.max_param_chars => {
                Err(ApiError::bad(format!("parameter `{k}` is longer than {} characters", self.cfg.max_param_chars)))
            }
            Some(v) => Ok(Some(v.to_string())),
        }
    }

    fn number(&self, k: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        match self.map.get(k).map(|v| v.trim()) {
            None | Some("") => Ok(default),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if n <= max => Ok(n),
                Ok(_) => Err(ApiError::bad(format!("parameter `{k}` is larger than {max}"))),
                Err(_) => Err(ApiError::bad(format!("parameter `{k}` is not a whole number: {v:?}"))),
            },
        }
    }

    /// `limit`: default 20, at least 1, lowered to the page cap.
    pub fn limit(&self) -> Result<usize, ApiError> {
        Ok(self.number("limit", 20, usize::MAX)?.clamp(1, self.cfg.max_page))
    }

    pub fn offset(&self) -> Result<usize, ApiError> {
        self.number("offset", 0, 1_000_000)
    }

    pub fn kind(&self, default: Kind) -> Result<Kind, ApiError> {
        match self.text("kind")? {
            None => Ok(default),
            Some(k) => Kind::parse(&k).ok_or_else(|| ApiError::bad(format!("unknown kind {k:?}; want articles, quotes, entities or amounts"))),
        }
    }

    /// A [`Search`] from `q`, `kind`, `speaker`, `entity`, `type`, `from`, `to`, `limit`, `offset`.
    pub fn search(&self, kind: Kind, mark: (&str, &str)) -> Result<Search, ApiError> {
        Ok(Search {
            text: self.text("q")?.unwrap_or_default(),
            kind,
            speaker: self.text("speaker")?,
            entity: self.text("entity")?,
            ty: self.text("type")?,
            from: self.text("from")?,
            to: self.text("to")?,
            limit: self.limit()?,
            offset: self.offset()?,
            mark: (mark.0.to_string(), mark.1.to_string()),
        })
    }
}

/// Markers around matched words in API snippets.
const MARK: (&str, &str) = ("«", "»");

type Q = Result<Query<HashMap<String, String>>, QueryRejection>;

pub(crate) async fn search(State(app): State<App>, q: Q) -> Result<Response, ApiError> {
    let p = Params::new(q, &app.cfg)?;
    let s = p.search(p.kind(Kind::Articles)?, MARK)?;
    let res = with_store(&app, move |st| st.search(&s)).await?;
    Ok(Json(res).into_response())
}

pub(crate) async fn quotes(State(app): State<App>, q: Q) -> Result<Response, ApiError> {
    let p = Params::new(q, &app.cfg)?;
    let s = p.search(Kind::Quotes, MARK)?;
    let res = with_store(&app, move |st| st.search(&s)).await?;
    Ok(Json(res).into_response())
}

pub(crate) async fn amounts(State(app): State<App>, q: Q) -> Result<Response, ApiError> {
    let p = Params::new(q, &app.cfg)?;
    let s = p.search(Kind::Amounts, MARK)?;
    let res = with_store(&app, move |st| st.search(&s)).await?;
    Ok(Json(res).into_response())
}

pub(crate) async fn events(State(app): State<App>, q: Q) -> Result<Response, ApiError> {
    let p = Params::new(q, &app.cfg)?;
    let f = EventQuery {
        entity: p.text("entity")?,
        cameo: p.text("cameo")?,
        plover: p.text("plover")?,
        from: p.text("from")?,
        to: p.text("to")?,
        limit: p.limit()?,
        offset: p.offset()?,
    };
    let res = with_store(&app, move |st| st.events(&f)).await?;
    Ok(Json(res).into_response())
}

pub(crate) async fn stats(State(app): State<App>) -> Result<Response, ApiError> {
    let res = with_store(&app, |st| st.stats()).await?;
    Ok(Json(res).into_response())
}

pub(crate) fn path_id(p: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    p.map(|Path(id)| id).map_err(|e| ApiError::bad(format!("bad path: {e}")))
}

/// `GET /api/articles/{id}`: the output record exactly as stored.
pub(crate) async fn article(State(app): State<App>, id: Result<Path<String>, PathRejection>) -> Result<Response, ApiError> {
    let id = path_id(id)?;
    let key = id.clone();
    let found = with_store(&app, move |st| st.article(&key)).await?;
    match found {
        Some(a) => Ok(([(header::CONTENT_TYPE, "application/json")], a.record_json).into_response()),
        None => Err(ApiError::new(StatusCode::NOT_FOUND, format!("no article with id {id:?}"))),
    }
}

/// `GET /api/entities/{id}`: the profile of the entity with this key, or (when `id` is not a
/// number) of the entity best matching it as a name.
pub(crate) async fn entity(State(app): State<App>, id: Result<Path<String>, PathRejection>, q: Q) -> Result<Response, ApiError> {
    let id = path_id(id)?;
    let p = Params::new(q, &app.cfg)?;
    let limit = p.limit()?;
    let ty = p.text("type")?;
    let key = id.clone();
    let found = with_store(&app, move |st| match key.parse::<i64>() {
        Ok(k) => st.entity_profile_by_key(k, limit),
        Err(_) => st.entity_profile(&key, ty.as_deref(), limit),
    })
    .await?;
    match found {
        Some(p) => Ok(Json(p).into_response()),
        None => Err(ApiError::new(StatusCode::NOT_FOUND, format!("no entity {id:?}"))),
    }
}

pub(crate) async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], include_str!("openapi.json")).into_response()
}

/// Compares two tokens in time independent of where they differ.
fn same_token(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut diff = a.len() ^ b.len();
    for i in 0..a.len().max(b.len()) {
        diff |= usize::from(a.get(i).copied().unwrap_or(0) ^ b.get(i).copied().unwrap_or(0xff));
    }
    diff == 0
}

/// `POST /api/articles`: extracts one input JSON article and stores it.
pub(crate) async fn post_article(State(app): State<App>, headers: HeaderMap, body: Body) -> Result<Response, ApiError> {
    let Some(token) = app.cfg.token.as_deref() else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "ingest over HTTP is disabled: start the server with --token T (or DATELINE_TOKEN) and send Authorization: Bearer T",
        ));
    };
    let given = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).map(str::trim);
    match given.and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer "))) {
        None => return Err(ApiError::new(StatusCode::UNAUTHORIZED, "missing Authorization: Bearer token")),
        Some(t) if !same_token(t.trim(), token) => return Err(ApiError::new(StatusCode::UNAUTHORIZED, "wrong bearer token")),
        Some(_) => {}
    }
    let max = app.cfg.max_body;
    let too_large = || ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, format!("request body larger than {max} bytes"));
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return Err(too_large());
    }
    let bytes = axum::body::to_bytes(body, max).await.map_err(|_| too_large())?;
    let app2 = app.clone();
    let outcome = tokio::task::spawn_blocking(move || ingest(&app2, &bytes))
        .await
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("ingest worker failed: {e}")))??;
    Ok(outcome)
}

fn ingest(app: &App, body: &[u8]) -> Result<Response, ApiError> {
    let article = dateline_input::posted_article(body).map_err(ApiError::bad)?;
    let models = dateline_extract::Models::embedded().map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    let record = dateline_extract::extract_record(&article, models).map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    let Some(writer) = &app.writer else {
        return Err(ApiError::new(StatusCode::UNAUTHORIZED, "ingest over HTTP is disabled"));
    };
    let outcome = {
        let mut w = writer.lock().unwrap_or_else(|p| p.into_inner());
        w.insert_batch(&[NewArticle { article: &article, record: &record }]).map_err(store_error)?
    };
    let id = &article.id;
    let location = format!("/api/articles/{}", crate::pct(id));
    if outcome.inserted > 0 {
        let body = json!({
            "id": id,
            "stored": true,
            "copy": outcome.copies > 0,
            "url": location,
            "entities": record.entities.len(),
            "quotes": record.quotes.len(),
            "amounts": record.amounts.len(),
            "events": record.events.len(),
        });
        let mut res = (StatusCode::CREATED, Json(body)).into_response();
        if let Ok(v) = HeaderValue::from_str(&location) {
            res.headers_mut().insert(header::LOCATION, v);
        }
        Ok(res)
    } else if !outcome.conflicts.is_empty() {
        Err(ApiError::new(StatusCode::CONFLICT, format!("an article with id {id:?} is already stored with a different text; it was kept")))
    } else {
        Ok((StatusCode::OK, Json(json!({"id": id, "stored": false, "duplicate": true, "url": location}))).into_response())
    }
}
