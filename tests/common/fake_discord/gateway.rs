//! The fake's gateway WebSocket: HELLO, IDENTIFY, READY, heartbeats, RESUME and dispatches.

use super::*;

pub(super) async fn gateway(State(shared): State<Arc<Shared>>, ws: WebSocketUpgrade) -> Response {
    ws.on_upgrade(move |socket| session(socket, shared))
}

async fn send(socket: &mut WebSocket, payload: Value) -> bool {
    socket
        .send(Message::Text(payload.to_string().into()))
        .await
        .is_ok()
}

/// The READY dispatch's `d` for an IDENTIFY's `d`.
fn ready_payload(shared: &Shared, connection: usize, identify: &Value) -> Value {
    let url = shared.ws_url.lock().unwrap().clone();
    let mut ready = json!({
        "v": 10,
        "user": {"id": BOT_ID, "username": BOT_NAME, "discriminator": "0000", "bot": true, "avatar": null},
        "guilds": [{"id": GUILD_ID, "unavailable": true}],
        "session_id": format!("session-{connection}"),
        "resume_gateway_url": url,
        "application": {"id": APP_ID, "flags": 0}
    });
    if identify["shard"].is_array() {
        ready["shard"] = identify["shard"].clone();
    }
    ready
}

/// One gateway connection, from HELLO to close.
async fn session(mut socket: WebSocket, shared: Arc<Shared>) {
    let connection = shared.record(|r| {
        r.connections += 1;
        r.connected_at.push(Instant::now());
        r.connections
    });
    let fault = shared.faults.lock().unwrap().gateway;
    let (tx, mut rx) = mpsc::unbounded_channel::<Control>();
    let mut tx = Some(tx);
    let mut seq: u64 = 0;
    if !send(
        &mut socket,
        json!({"op": 10, "d": {"heartbeat_interval": shared.heartbeat_interval}}),
    )
    .await
    {
        return;
    }
    if let Some(GatewayFault::CloseAfterHello(code)) = fault {
        if let Some(code) = code {
            let frame = CloseFrame {
                code,
                reason: "Fault injected.".into(),
            };
            let _ = socket.send(Message::Close(Some(frame))).await;
        }
        // Dropping the socket without a close frame resets the connection.
        return;
    }
    let token = format!("Bot {}", shared.token);
    loop {
        tokio::select! {
            incoming = socket.recv() => {
                let text = match incoming {
                    Some(Ok(Message::Text(text))) => text,
                    Some(Ok(Message::Close(frame))) => {
                        // Answer the closing handshake, as Discord does.
                        let _ = socket.send(Message::Close(frame)).await;
                        break;
                    }
                    None | Some(Err(_)) => break,
                    Some(Ok(_)) => continue,
                };
                let Ok(payload) = serde_json::from_str::<Value>(text.as_str()) else { continue };
                match payload["op"].as_u64() {
                    Some(1) => {
                        shared.record(|r| r.heartbeats += 1);
                        if !send(&mut socket, json!({"op": 11})).await { break; }
                    }
                    Some(op @ (2 | 6)) => {
                        let d = payload["d"].clone();
                        shared.record(|r| if op == 2 { r.identifies.push(d.clone()) } else { r.resumes.push(d.clone()) });
                        if d["token"] != token.as_str() || fault == Some(GatewayFault::RejectToken) {
                            let _ = socket
                                .send(Message::Close(Some(CloseFrame {
                                    code: 4004,
                                    reason: "Authentication failed.".into(),
                                })))
                                .await;
                            break;
                        }
                        let (event, data) = if op == 2 {
                            seq += 1;
                            ("READY", ready_payload(&shared, connection, &d))
                        } else {
                            seq = d["seq"].as_u64().unwrap_or(0) + 1;
                            ("RESUMED", json!({}))
                        };
                        if !send(&mut socket, json!({"op": 0, "s": seq, "t": event, "d": data})).await { break; }
                        if let Some(tx) = tx.take() {
                            shared.record(|r| r.live.insert(connection, tx));
                        }
                    }
                    _ => {}
                }
            }
            control = rx.recv() => match control {
                Some(Control::Dispatch { event, data }) => {
                    seq += 1;
                    if !send(&mut socket, json!({"op": 0, "s": seq, "t": event, "d": data})).await { break; }
                }
                Some(Control::Close(code)) => {
                    let frame = CloseFrame { code, reason: "Closed by the test.".into() };
                    let _ = socket.send(Message::Close(Some(frame))).await;
                    break;
                }
                // Dropping the socket closes TCP without a close frame.
                Some(Control::Drop) | None => break,
            }
        }
    }
    shared.record(|r| {
        r.live.remove(&connection);
    });
}
