//! The fake's REST routes: each call recorded, faults injected, Discord's answers.

use super::*;

/// Who may call a REST route.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Caller {
    /// Only requests with `Authorization: Bot <token>`; others get Discord's 401.
    Bot,
    /// Anyone: Discord authorizes interaction callbacks by the token in their path.
    Anyone,
}

fn json_or_null(body: &[u8]) -> Value {
    serde_json::from_slice(body).unwrap_or(Value::Null)
}

/// Runs before every REST handler: records the call, then answers 401 if `caller` requires the
/// bot's token and the call lacks it.
pub(super) async fn rest_prologue(
    State((shared, caller)): State<(Arc<Shared>, Caller)>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    // Buffered so that the call is recorded with its body and the handler can still read it.
    let Ok(body) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let authorized = shared.authorized(&parts.headers);
    let (json, files) =
        read_body(Request::from_parts(parts.clone(), Body::from(body.clone()))).await;
    let call = RestCall {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        authorized,
        body: json,
        files,
    };
    let fault = Route::of(&call.path).and_then(|route| shared.faults.lock().unwrap().take(route));
    shared.record(|r| r.rest.push(call));
    match fault {
        Some(Fault::Json(status, body)) => {
            return (status_code(status), Json(body)).into_response();
        }
        Some(Fault::Html(status)) => {
            let page = format!(
                "<html><head><title>{status} Bad Gateway</title></head><body><center><h1>{status} Bad Gateway</h1></center><hr><center>nginx</center></body></html>"
            );
            return (status_code(status), [("content-type", "text/html")], page).into_response();
        }
        Some(Fault::Hang) => std::future::pending().await,
        None => {}
    }
    if caller == Caller::Bot && !authorized {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"message": "401: Unauthorized", "code": 0})),
        )
            .into_response();
    }
    next.run(Request::from_parts(parts, Body::from(body))).await
}

fn status_code(status: u16) -> StatusCode {
    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// `GET /gateway` and `GET /gateway/bot`: where the gateway is (and, for bots, how many shards).
pub(super) async fn gateway_url(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let url = shared.ws_url.lock().unwrap().clone();
    if uri.path().ends_with("/bot") {
        return Json(json!({
            "url": url,
            "shards": 1,
            "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        }))
        .into_response();
    }
    Json(json!({ "url": url })).into_response()
}

/// `GET /oauth2/applications/@me`: how a process without a gateway session learns its application.
pub(super) async fn current_application() -> Response {
    Json(json!({
        "id": APP_ID, "name": BOT_NAME, "icon": null, "description": "", "rpc_origins": [],
        "bot_public": true, "bot_require_code_grant": false, "verify_key": "0".repeat(64),
        "team": null, "flags": 0, "integration_types_config": {}
    }))
    .into_response()
}

pub(super) async fn current_user() -> Response {
    Json(json!({
        "id": BOT_ID, "username": BOT_NAME, "discriminator": "0000", "global_name": null,
        "avatar": null, "bot": true, "verified": true, "flags": 0, "mfa_enabled": false
    }))
    .into_response()
}

/// Echoes registered commands back as Discord does, with ids and versions.
fn echo_commands(body: &Value, guild: Option<&str>) -> Value {
    let commands = body.as_array().cloned().unwrap_or_default();
    Value::Array(
        commands
            .into_iter()
            .enumerate()
            .map(|(i, mut c)| {
                c["id"] = json!(format!("70000000000000000{}", i + 1));
                c["application_id"] = json!(APP_ID);
                c["version"] = json!("800000000000000001");
                if c.get("type").is_none() {
                    c["type"] = json!(1);
                }
                if let Some(guild) = guild {
                    c["guild_id"] = json!(guild);
                }
                c
            })
            .collect(),
    )
}

/// `PUT .../commands` (global) and `PUT .../guilds/{guild}/commands`: a bulk overwrite.
pub(super) async fn set_commands(
    Path(params): Path<std::collections::HashMap<String, String>>,
    body: Bytes,
) -> Response {
    let guild = params.get("guild").map(String::as_str);
    Json(echo_commands(&json_or_null(&body), guild)).into_response()
}

pub(super) async fn interaction_callback(
    State(shared): State<Arc<Shared>>,
    Path((id, _token)): Path<(String, String)>,
    request: Request,
) -> Response {
    let (body, files) = read_body(request).await;
    shared.record(|r| {
        r.callback_at.entry(id.clone()).or_insert_with(Instant::now);
        r.callback_files.insert(id.clone(), files);
        r.callbacks.insert(id, body)
    });
    StatusCode::NO_CONTENT.into_response()
}

/// `PATCH /webhooks/{app}/{token}/messages/@original`: the message, edited.
pub(super) async fn edit_original(
    State(shared): State<Arc<Shared>>,
    Path((_app, token)): Path<(String, String)>,
    request: Request,
) -> Response {
    let (body, files) = read_body(request).await;
    let message = json!({
        "id": "900000000000000001", "channel_id": CHANNEL_ID, "type": 20,
        "content": "", "embeds": body["embeds"].clone(), "components": body["components"].clone()
    });
    shared.record(|r| r.edits.insert(token, (body, files)));
    Json(message).into_response()
}

/// A JSON body, or a multipart one's `payload_json` and files (Discord's two ways to send).
async fn read_body(request: Request) -> (Value, Vec<File>) {
    use axum::extract::{FromRequest, Multipart};
    let multipart = request
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !multipart {
        let body = axum::body::to_bytes(request.into_body(), usize::MAX)
            .await
            .unwrap_or_default();
        return (json_or_null(&body), Vec::new());
    }
    let mut form = Multipart::from_request(request, &()).await.unwrap();
    let (mut payload, mut files) = (Value::Null, Vec::new());
    while let Some(field) = form.next_field().await.unwrap() {
        let name = field.name().unwrap_or_default().to_owned();
        let filename = field.file_name().map(str::to_owned);
        let content_type = field.content_type().unwrap_or_default().to_owned();
        let bytes = field.bytes().await.unwrap().to_vec();
        match filename {
            Some(filename) => files.push(File {
                field: name,
                filename,
                content_type,
                bytes,
            }),
            None if name == "payload_json" => payload = json_or_null(&bytes),
            None => panic!("an unexpected multipart field {name:?}"),
        }
    }
    (payload, files)
}

pub(super) async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({"message": "404: Not Found", "code": 0})),
    )
        .into_response()
}
