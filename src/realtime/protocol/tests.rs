//! The codec's tests: every command and reply shape centrifuge-js sends or expects.

use super::*;

fn raw(s: &str) -> RawJson {
    s.parse().expect("valid JSON")
}

fn one(text: &str) -> DecodedCommand {
    let mut cmds = decode_frame(text, 16).expect("decodes");
    assert_eq!(cmds.len(), 1, "one command in {text:?}");
    cmds.remove(0)
}

fn roundtrip_command(cmd: DecodedCommand) {
    let text = encode_commands(&[cmd.clone().into()]);
    assert!(!text.contains('\n'), "no newline in {text}");
    let decoded = decode_frame(&text, 1).unwrap_or_else(|e| panic!("{text}: {e}"));
    assert_eq!(decoded, vec![cmd], "roundtrip of {text}");
}

fn roundtrip_reply(reply: Reply) {
    let text = encode_reply(&reply);
    assert!(!text.contains('\n'), "no newline in {text}");
    let decoded = decode_replies(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
    assert_eq!(decoded, vec![reply], "roundtrip of {text}");
}

fn sample_info() -> ClientInfo {
    ClientInfo {
        user: "u1".into(),
        client: "c1".into(),
        conn_info: Some(raw(r#"{"name":"Ana"}"#)),
        chan_info: Some(raw(r#"{"role":"tech"}"#)),
    }
}

fn sample_publication() -> Publication {
    Publication {
        data: Some(raw(r#"{"text":"hi","n":1}"#)),
        info: Some(sample_info()),
        offset: 42,
        tags: BTreeMap::from([("k".to_owned(), "v".to_owned())]),
    }
}

fn sample_subscribe_result() -> SubscribeResult {
    SubscribeResult {
        expires: true,
        ttl: 60,
        recoverable: true,
        epoch: "ep".into(),
        publications: vec![sample_publication()],
        recovered: true,
        offset: 7,
        positioned: true,
        data: Some(raw("[1,2]")),
        was_recovering: true,
    }
}

// ----- round trips of every message type -----

#[test]
fn roundtrip_every_request_type() {
    let sub = SubscribeRequest {
        channel: "news".into(),
        token: "t".into(),
        recover: true,
        epoch: "e".into(),
        offset: u64::MAX,
        data: Some(raw(r#"{"a":null}"#)),
        positioned: true,
        recoverable: true,
        join_leave: true,
    };
    let requests = vec![
        Request::Connect(ConnectRequest {
            token: "jwt".into(),
            data: Some(raw(r#"{"x":[1,2,3]}"#)),
            subs: BTreeMap::from([("news".to_owned(), sub.clone())]),
            name: "js".into(),
            version: "5.0.0".into(),
        }),
        Request::Connect(ConnectRequest::default()),
        Request::Subscribe(sub),
        Request::Subscribe(SubscribeRequest::default()),
        Request::Unsubscribe(UnsubscribeRequest {
            channel: "news".into(),
        }),
        Request::Publish(PublishRequest {
            channel: "chat".into(),
            data: Some(raw(r#""text""#)),
        }),
        Request::Presence(PresenceRequest {
            channel: "p".into(),
        }),
        Request::PresenceStats(PresenceStatsRequest {
            channel: "p".into(),
        }),
        Request::History(HistoryRequest {
            channel: "h".into(),
            limit: -1,
            since: Some(StreamPosition {
                offset: 3,
                epoch: "x".into(),
            }),
            reverse: true,
        }),
        Request::History(HistoryRequest {
            channel: "h".into(),
            since: Some(StreamPosition::default()),
            ..HistoryRequest::default()
        }),
        Request::Ping(PingRequest {}),
        Request::Rpc(RpcRequest {
            data: Some(raw("1.5e300")),
            method: "m".into(),
        }),
        Request::Refresh(RefreshRequest { token: "t2".into() }),
        Request::SubRefresh(SubRefreshRequest {
            channel: "c".into(),
            token: "t3".into(),
        }),
    ];
    for (i, request) in requests.into_iter().enumerate() {
        roundtrip_command(DecodedCommand {
            id: i as u32 + 1,
            request,
        });
    }
    roundtrip_command(DecodedCommand {
        id: 0,
        request: Request::Send(SendRequest {
            data: Some(raw("{}")),
        }),
    });
    roundtrip_command(DecodedCommand {
        id: 9,
        request: Request::Send(SendRequest::default()),
    });
    roundtrip_command(DecodedCommand {
        id: 0,
        request: Request::Pong,
    });
}

#[test]
fn roundtrip_every_reply_and_push_type() {
    let replies = vec![
        Reply::ping(),
        Reply::error(1, ErrorCode::Internal),
        Reply::with_error(2, ReplyError::new(4001, "custom", false)),
        Reply::connect(
            3,
            ConnectResult {
                client: "abc".into(),
                version: "0.0.1".into(),
                expires: true,
                ttl: 3600,
                data: Some(raw(r#"{"welcome":true}"#)),
                subs: BTreeMap::from([("srv".to_owned(), sample_subscribe_result())]),
                ping: 25,
                pong: true,
                session: "s".into(),
                node: "n".into(),
            },
        ),
        Reply::subscribe(4, sample_subscribe_result()),
        Reply::subscribe(4, SubscribeResult::default()),
        Reply::unsubscribe(5),
        Reply::publish(6),
        Reply::presence(
            7,
            PresenceResult {
                presence: BTreeMap::from([("c1".to_owned(), sample_info())]),
            },
        ),
        Reply::presence(7, PresenceResult::default()),
        Reply::presence_stats(
            8,
            PresenceStatsResult {
                num_clients: 3,
                num_users: 2,
            },
        ),
        Reply::history(
            9,
            HistoryResult {
                publications: vec![sample_publication()],
                epoch: "e".into(),
                offset: 9,
            },
        ),
        Reply::history(9, HistoryResult::default()),
        Reply::ping_result(10),
        Reply::rpc(
            11,
            RpcResult {
                data: Some(raw(r#"{"ok":true}"#)),
            },
        ),
        Reply::rpc(11, RpcResult::default()),
        Reply::refresh(
            12,
            RefreshResult {
                client: "abc".into(),
                version: "1".into(),
                expires: true,
                ttl: 10,
            },
        ),
        Reply::sub_refresh(
            13,
            SubRefreshResult {
                expires: true,
                ttl: 20,
            },
        ),
        Reply::push(Push::publication("news", sample_publication())),
        Reply::push(Push::publication("news", Publication::default())),
        Reply::push(Push::join("news", sample_info())),
        Reply::push(Push::leave("news", ClientInfo::new("u", "c"))),
        Reply::push(Push::unsubscribe("news", UnsubscribeReason::SERVER)),
        Reply::push(Push::unsubscribe(
            "news",
            Unsubscribe {
                code: 2600,
                reason: "x".into(),
            },
        )),
        Reply::push(Push::message(raw(r#"{"m":1}"#))),
        Reply::push(Push::subscribe(
            "srv",
            Subscribe {
                recoverable: true,
                epoch: "e".into(),
                offset: 1,
                positioned: true,
                data: Some(raw("true")),
            },
        )),
        Reply::push(Push::connect(Connect {
            client: "abc".into(),
            version: "1".into(),
            data: Some(raw("{}")),
            subs: BTreeMap::from([("srv".to_owned(), SubscribeResult::default())]),
            expires: true,
            ttl: 5,
            ping: 25,
            pong: true,
            session: "s".into(),
            node: "n".into(),
        })),
        Reply::disconnect(DisconnectReason::SHUTDOWN),
        Reply::disconnect(DisconnectReason::BAD_REQUEST),
        Reply::disconnect(Disconnect::new(4501, "kicked")),
        Reply::push(Push::refresh(true, 30)),
    ];
    for reply in replies.iter().cloned() {
        roundtrip_reply(reply);
    }
    let frame = encode_replies(&replies);
    assert_eq!(frame.matches('\n').count(), replies.len() - 1);
    assert!(!frame.ends_with('\n'));
    assert_eq!(decode_replies(&frame).unwrap(), replies);
}

// ----- exact JSON as centrifuge-js expects it -----

#[test]
fn exact_reply_json() {
    let cases: Vec<(Reply, &str)> = vec![
        (
            Reply::connect(
                1,
                ConnectResult {
                    client: "abc".into(),
                    version: "0.0.1".into(),
                    ping: 25,
                    pong: true,
                    ..ConnectResult::default()
                },
            ),
            r#"{"id":1,"connect":{"client":"abc","version":"0.0.1","ping":25,"pong":true}}"#,
        ),
        (Reply::ping(), "{}"),
        (
            Reply::error(3, ErrorCode::BadRequest),
            r#"{"id":3,"error":{"code":107,"message":"bad request"}}"#,
        ),
        (
            Reply::error(2, ErrorCode::Internal),
            r#"{"id":2,"error":{"code":100,"message":"internal server error","temporary":true}}"#,
        ),
        (
            Reply::subscribe(
                2,
                SubscribeResult {
                    recoverable: true,
                    epoch: "abc".into(),
                    offset: 10,
                    positioned: true,
                    ..SubscribeResult::default()
                },
            ),
            r#"{"id":2,"subscribe":{"recoverable":true,"epoch":"abc","offset":10,"positioned":true}}"#,
        ),
        (
            Reply::subscribe(2, SubscribeResult::default()),
            r#"{"id":2,"subscribe":{}}"#,
        ),
        (Reply::publish(7), r#"{"id":7,"publish":{}}"#),
        (Reply::unsubscribe(8), r#"{"id":8,"unsubscribe":{}}"#),
        (
            Reply::presence_stats(5, PresenceStatsResult::default()),
            r#"{"id":5,"presence_stats":{"num_clients":0,"num_users":0}}"#,
        ),
        (
            Reply::presence(5, PresenceResult::default()),
            r#"{"id":5,"presence":{"presence":{}}}"#,
        ),
        (
            Reply::history(6, HistoryResult::default()),
            r#"{"id":6,"history":{"publications":[],"epoch":"","offset":0}}"#,
        ),
        (
            Reply::push(Push::publication(
                "news",
                Publication {
                    data: Some(raw(r#"{"x":1}"#)),
                    offset: 5,
                    ..Publication::default()
                },
            )),
            r#"{"push":{"channel":"news","pub":{"data":{"x":1},"offset":5}}}"#,
        ),
        (
            Reply::push(Push::join("chat", ClientInfo::new("", "c1"))),
            r#"{"push":{"channel":"chat","join":{"info":{"user":"","client":"c1"}}}}"#,
        ),
        (
            Reply::push(Push::unsubscribe("chat", UnsubscribeReason::SERVER)),
            r#"{"push":{"channel":"chat","unsubscribe":{"code":2000,"reason":"server unsubscribe"}}}"#,
        ),
        (
            Reply::disconnect(DisconnectReason::SHUTDOWN),
            r#"{"push":{"disconnect":{"code":3001,"reason":"shutdown","reconnect":true}}}"#,
        ),
        (
            Reply::disconnect(DisconnectReason::BAD_REQUEST),
            r#"{"push":{"disconnect":{"code":3501,"reason":"bad request"}}}"#,
        ),
        (
            Reply::push(Push::message(raw(r#""hello""#))),
            r#"{"push":{"message":{"data":"hello"}}}"#,
        ),
        (
            Reply::rpc(
                4,
                RpcResult {
                    data: Some(raw("[1]")),
                },
            ),
            r#"{"id":4,"rpc":{"data":[1]}}"#,
        ),
    ];
    for (reply, expected) in cases {
        assert_eq!(encode_reply(&reply), expected);
    }
    assert_eq!(encode_reply(&Reply::ping()), PING_FRAME);
    assert!(Reply::ping().is_ping());
    assert!(!Reply::publish(1).is_ping());
}

#[test]
fn encode_replies_is_newline_delimited() {
    let frame = encode_replies(&[Reply::publish(1), Reply::ping(), Reply::unsubscribe(2)]);
    assert_eq!(
        frame,
        "{\"id\":1,\"publish\":{}}\n{}\n{\"id\":2,\"unsubscribe\":{}}"
    );
    assert_eq!(encode_replies(&[]), "");
}

// ----- decoding what centrifuge-js sends -----

#[test]
fn decodes_centrifuge_js_connect_batch() {
    // On open, centrifuge-js batches connect and subscribe commands. It
    // builds the command first and sets `id` afterwards, so the id
    // comes last.
    let frame = concat!(
        r#"{"connect":{"token":"jwt","data":{"device":"tablet"},"name":"js","version":"5.1.0","subs":{"srv":{"recover":true,"offset":12,"epoch":"ep"}}},"id":1}"#,
        "\n",
        r#"{"subscribe":{"channel":"jobs:42","recover":true,"offset":3,"epoch":"e1","join_leave":true},"id":2}"#,
        "\n",
        r#"{"subscribe":{"channel":"chat:7","data":{"since":"now"}},"id":3}"#
    );
    let cmds = decode_frame(frame, 8).unwrap();
    assert_eq!(cmds.len(), 3);
    assert_eq!(cmds[0].id, 1);
    let Request::Connect(connect) = &cmds[0].request else {
        panic!("connect expected")
    };
    assert_eq!(connect.token, "jwt");
    assert_eq!(connect.name, "js");
    assert_eq!(connect.version, "5.1.0");
    assert_eq!(
        connect.data.as_ref().unwrap().get(),
        r#"{"device":"tablet"}"#
    );
    let srv = &connect.subs["srv"];
    assert!(srv.recover);
    assert_eq!((srv.offset, srv.epoch.as_str()), (12, "ep"));
    assert_eq!(
        cmds[1],
        DecodedCommand {
            id: 2,
            request: Request::Subscribe(SubscribeRequest {
                channel: "jobs:42".into(),
                recover: true,
                offset: 3,
                epoch: "e1".into(),
                join_leave: true,
                ..SubscribeRequest::default()
            }),
        }
    );
    let Request::Subscribe(s) = &cmds[2].request else {
        panic!("subscribe expected")
    };
    assert_eq!(s.data.as_ref().unwrap().get(), r#"{"since":"now"}"#);
}

#[test]
fn decodes_other_centrifuge_js_commands() {
    let cmd =
        one(r#"{"history":{"channel":"c","since":{"offset":0},"limit":10,"reverse":true},"id":5}"#);
    assert_eq!(
        cmd.request,
        Request::History(HistoryRequest {
            channel: "c".into(),
            limit: 10,
            since: Some(StreamPosition::default()),
            reverse: true,
        })
    );
    let cmd = one(r#"{"presence_stats":{"channel":"c"},"id":6}"#);
    assert_eq!(
        cmd.request,
        Request::PresenceStats(PresenceStatsRequest {
            channel: "c".into()
        })
    );
    let cmd = one(r#"{"rpc":{"method":"getJob","data":{"id":9}},"id":7}"#);
    assert_eq!(cmd.request.method_name(), "rpc");
    let cmd = one(r#"{"refresh":{"token":"new"},"id":8}"#);
    assert_eq!(
        cmd.request,
        Request::Refresh(RefreshRequest {
            token: "new".into()
        })
    );
    let cmd = one(r#"{"sub_refresh":{"channel":"c","token":"t"},"id":9}"#);
    assert_eq!(cmd.request.method_name(), "sub_refresh");
    // centrifuge-js sends `send` without an id.
    let cmd = one(r#"{"send":{"data":{"typing":true}}}"#);
    assert_eq!(cmd.id, 0);
    assert!(!cmd.request.expects_reply());
    let Request::Send(send) = cmd.request else {
        panic!("send expected")
    };
    assert_eq!(send.data.unwrap().get(), r#"{"typing":true}"#);
}

#[test]
fn empty_object_is_pong() {
    assert_eq!(
        one("{}"),
        DecodedCommand {
            id: 0,
            request: Request::Pong
        }
    );
    assert_eq!(one(r#"{"id":0}"#).request, Request::Pong);
    assert_eq!(one(r#"{"id":null,"connect":null}"#).request, Request::Pong);
    assert_eq!(one(r#"  {"future_field":[1,2]}  "#).request, Request::Pong);
    assert!(!Request::Pong.expects_reply());
}

#[test]
fn multi_command_frame_with_blank_lines_and_crlf() {
    let frame = "\n{\"id\":1,\"publish\":{\"channel\":\"a\",\"data\":1}}\r\n\r\n  \n{}\r\n{\"id\":2,\"unsubscribe\":{\"channel\":\"a\"}}\n";
    let cmds = decode_frame(frame, 3).unwrap();
    assert_eq!(cmds.len(), 3);
    assert_eq!(cmds[0].request.method_name(), "publish");
    assert_eq!(cmds[1].request, Request::Pong);
    assert_eq!(
        cmds[2],
        DecodedCommand {
            id: 2,
            request: Request::Unsubscribe(UnsubscribeRequest {
                channel: "a".into()
            })
        }
    );
    assert_eq!(decode_frame("", 4).unwrap(), vec![]);
    assert_eq!(decode_frame(" \r\n\t\n", 0).unwrap(), vec![]);
}

#[test]
fn first_non_null_request_wins_and_unknown_fields_are_ignored() {
    let cmd = one(
        r#"{"id":4,"connect":null,"publish":{"channel":"p","extra":1},"subscribe":{"channel":"s"},"method":7,"params":{}}"#,
    );
    // Proto order: subscribe (5) comes before publish (7).
    assert_eq!(
        cmd.request,
        Request::Subscribe(SubscribeRequest {
            channel: "s".into(),
            ..Default::default()
        })
    );
    let cmd = one(r#"{"id":4,"ping":{},"rpc":{"method":"m"}}"#);
    assert_eq!(cmd.request, Request::Ping(PingRequest {}));
    let cmd =
        one(r#"{"id":4,"subscribe":{"channel":"s","delta":"fossil","tf":{"op":"and"},"flag":3}}"#);
    assert_eq!(
        cmd.request,
        Request::Subscribe(SubscribeRequest {
            channel: "s".into(),
            ..Default::default()
        })
    );
}

#[test]
fn null_scalars_are_defaults() {
    let cmd = one(
        r#"{"id":1,"subscribe":{"channel":null,"token":null,"recover":null,"offset":null,"data":null,"epoch":null}}"#,
    );
    assert_eq!(cmd.request, Request::Subscribe(SubscribeRequest::default()));
    let cmd = one(r#"{"id":1,"connect":{"subs":null,"data":null}}"#);
    assert_eq!(cmd.request, Request::Connect(ConnectRequest::default()));
}

// ----- errors -----

#[test]
fn malformed_json_is_rejected_with_its_index() {
    for bad in [
        "{",
        r#"{"id":1,"subscribe":{"channel":"ne"#,
        r#"{"id":1}{"id":2}"#,
        r#"{"id":"1","ping":{}}"#,
        r#"{"id":-1,"ping":{}}"#,
        r#"{"id":4294967296,"ping":{}}"#,
        r#"{"id":1.5,"ping":{}}"#,
        r#"{"id":1,"history":{"channel":"c","limit":2147483648}}"#,
        r#"{"id":1,"history":{"since":{"offset":18446744073709551616}}}"#,
        r#"{"id":1,"subscribe":{"recover":"yes"}}"#,
        r#"{"id":1,"id":2,"ping":{}}"#,
        r#"{"id":1,"connect":{"data":}}"#,
        r#"{"id":1,"publish":{"data":{"a":1,}}}"#,
        "[1]",
        "[]",
        "null",
        "42",
        "\"str\"",
        "\u{feff}{}",
        "{'id':1}",
    ] {
        match decode_frame(bad, 4) {
            Err(err @ ProtocolError::Malformed { index: 0, .. }) => {
                assert_eq!(err.disconnect(), DisconnectReason::BAD_REQUEST);
                assert!(err.reply().is_none());
            }
            other => panic!("{bad:?}: expected Malformed, got {other:?}"),
        }
    }
    let frame = "{}\n{\"id\":1,\"ping\":{}}\n{oops";
    assert!(matches!(
        decode_frame(frame, 4),
        Err(ProtocolError::Malformed { index: 2, .. })
    ));
}

#[test]
fn command_without_request_is_bad_request() {
    let err = decode_frame(r#"{"id":5}"#, 4).unwrap_err();
    assert!(matches!(err, ProtocolError::NoRequest { index: 0, id: 5 }));
    assert_eq!(
        encode_reply(&err.reply().unwrap()),
        r#"{"id":5,"error":{"code":107,"message":"bad request"}}"#
    );
    assert_eq!(err.disconnect(), DisconnectReason::BAD_REQUEST);
    // A protocol v1 command has no v2 request field.
    let err = decode_frame(
        "{}\n{\"id\":9,\"method\":1,\"params\":{\"channel\":\"c\"}}",
        4,
    )
    .unwrap_err();
    assert!(matches!(err, ProtocolError::NoRequest { index: 1, id: 9 }));
    let err = decode_frame(r#"{"id":6,"connect":null}"#, 4).unwrap_err();
    assert!(matches!(err, ProtocolError::NoRequest { id: 6, .. }));
}

#[test]
fn request_without_id_is_rejected() {
    let err = decode_frame(r#"{"subscribe":{"channel":"x"}}"#, 4).unwrap_err();
    assert!(matches!(
        err,
        ProtocolError::MissingId {
            index: 0,
            method: "subscribe"
        }
    ));
    assert_eq!(err.disconnect(), DisconnectReason::BAD_REQUEST);
    let err = decode_frame(r#"{"id":0,"connect":{}}"#, 4).unwrap_err();
    assert!(matches!(
        err,
        ProtocolError::MissingId {
            method: "connect",
            ..
        }
    ));
}

#[test]
fn too_many_commands() {
    let frame = ["{}"; 5].join("\n");
    assert_eq!(decode_frame(&frame, 5).unwrap().len(), 5);
    let err = decode_frame(&frame, 4).unwrap_err();
    assert!(matches!(err, ProtocolError::TooManyCommands { limit: 4 }));
    assert_eq!(err.disconnect(), DisconnectReason::TOO_MANY_REQUESTS);
    assert!(err.to_string().contains('4'));
    // The limit applies before parsing: garbage after the limit is never
    // looked at.
    let frame = "{}\n{}\n{{{{";
    assert!(matches!(
        decode_frame(frame, 2),
        Err(ProtocolError::TooManyCommands { .. })
    ));
    assert!(matches!(
        decode_frame("{}", 0),
        Err(ProtocolError::TooManyCommands { limit: 0 })
    ));
}

// ----- raw payloads -----

#[test]
fn raw_payloads_are_kept_verbatim() {
    let data = r#"{"big":123456789012345678901234567890,"huge":1e400,"z":1,"a":2,"s":"\u00e9\ud83d\ude9c","t":"čñ🚜"}"#;
    let cmd = one(&format!(
        r#"{{"id":1,"publish":{{"channel":"c","data":{data}}}}}"#
    ));
    let Request::Publish(publish) = cmd.request else {
        panic!("publish expected")
    };
    let payload = publish.data.unwrap();
    assert_eq!(payload.get(), data);
    // And out again, byte for byte.
    let out = encode_reply(&Reply::push(Push::publication(
        "c",
        Publication::new(payload),
    )));
    assert_eq!(
        out,
        format!(r#"{{"push":{{"channel":"c","pub":{{"data":{data}}}}}}}"#)
    );
}

#[test]
fn raw_json_strips_line_breaks_only_outside_strings() {
    let pretty = "{\n  \"a\": [1, 2],\r\n  \"b\": \"x  y\\n\"\n}";
    let r = RawJson::from_string(pretty.to_owned()).unwrap();
    assert_eq!(r.get(), r#"{"a":[1,2],"b":"x  y\n"}"#);
    // Strings with escaped quotes and backslashes survive.
    let tricky = "[\"a\\\"b\\\\\",\n \"c d\"]";
    assert_eq!(
        RawJson::from_string(tricky.to_owned()).unwrap().get(),
        r#"["a\"b\\","c d"]"#
    );
    // Without line breaks the text is kept exactly.
    assert_eq!(
        RawJson::from_string("{ \"a\" : 1 }".to_owned())
            .unwrap()
            .get(),
        "{ \"a\" : 1 }"
    );
    assert!(RawJson::from_string("{".to_owned()).is_err());
    assert!("".parse::<RawJson>().is_err());
    let v = RawJson::from_value(&serde_json::json!({"k": [true, null]})).unwrap();
    assert_eq!(v.get(), r#"{"k":[true,null]}"#);
    assert_eq!(
        v.parse::<serde_json::Value>().unwrap(),
        serde_json::json!({"k": [true, null]})
    );
    assert_eq!(v.to_string(), v.get());
    assert_eq!(RawJson::from(v.clone().into_inner()), v);
    let frame = encode_replies(&[
        Reply::push(Push::message(
            RawJson::from_string(pretty.to_owned()).unwrap(),
        )),
        Reply::ping(),
    ]);
    assert_eq!(frame.matches('\n').count(), 1);
}

#[test]
fn null_payload_is_absent() {
    let cmd = one(r#"{"id":1,"rpc":{"method":"m","data":null}}"#);
    assert_eq!(
        cmd.request,
        Request::Rpc(RpcRequest {
            data: None,
            method: "m".into()
        })
    );
}

#[test]
fn deep_nesting_does_not_overflow() {
    // Inside a raw payload: skipped iteratively, accepted.
    let depth = 100_000;
    let data = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let cmd = one(&format!(
        r#"{{"id":1,"publish":{{"channel":"c","data":{data}}}}}"#
    ));
    let Request::Publish(p) = cmd.request else {
        panic!("publish expected")
    };
    assert_eq!(p.data.unwrap().get().len(), 2 * depth);
    // In a typed position: serde_json's recursion limit rejects it.
    let frame = format!(
        r#"{{"id":1,"connect":{{"subs":{{"a":{}{}}}}}}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    );
    assert!(matches!(
        decode_frame(&frame, 1),
        Err(ProtocolError::Malformed { .. })
    ));
    let frame = format!(
        r#"{{"id":1,"x":{}1{},"ping":{{}}}}"#,
        "{\"a\":".repeat(depth),
        "}".repeat(depth)
    );
    assert!(
        decode_frame(&frame, 1).is_ok(),
        "unknown fields are skipped iteratively too"
    );
}

// ----- code tables -----

#[test]
fn error_code_table() {
    let expected: [(u32, &str, bool); 14] = [
        (100, "internal server error", true),
        (101, "unauthorized", false),
        (102, "unknown channel", false),
        (103, "permission denied", false),
        (104, "method not found", false),
        (105, "already subscribed", false),
        (106, "limit exceeded", false),
        (107, "bad request", false),
        (108, "not available", false),
        (109, "token expired", false),
        (110, "expired", false),
        (111, "too many requests", true),
        (112, "unrecoverable position", false),
        (113, "token revoked", false),
    ];
    for (code, (num, msg, temporary)) in ErrorCode::ALL.into_iter().zip(expected) {
        assert_eq!(
            (code.code(), code.message(), code.temporary()),
            (num, msg, temporary)
        );
        assert_eq!(ErrorCode::from_code(num), Some(code));
        let body = ReplyError::from(code);
        assert_eq!(
            (body.code, body.message.as_str(), body.temporary),
            (num, msg, temporary)
        );
    }
    assert_eq!(ErrorCode::from_code(99), None);
    assert_eq!(ErrorCode::BadRequest.to_string(), "107: bad request");
}

#[test]
fn disconnect_code_table() {
    let expected: [(u32, &str, bool); 21] = [
        (3000, "connection closed", true),
        (3001, "shutdown", true),
        (3004, "internal server error", true),
        (3005, "connection expired", true),
        (3006, "subscription expired", true),
        (3008, "slow", true),
        (3009, "write error", true),
        (3010, "insufficient state", true),
        (3011, "force reconnect", true),
        (3012, "no pong", true),
        (3013, "too many requests", true),
        (3500, "invalid token", false),
        (3501, "bad request", false),
        (3502, "stale", false),
        (3503, "force disconnect", false),
        (3504, "connection limit", false),
        (3505, "channel limit", false),
        (3506, "inappropriate protocol", false),
        (3507, "permission denied", false),
        (3508, "not available", false),
        (3509, "too many errors", false),
    ];
    for (d, (code, reason, reconnect)) in DisconnectReason::ALL.into_iter().zip(expected) {
        assert_eq!((d.code, d.reason, d.reconnect), (code, reason, reconnect));
        assert_eq!(d.reconnect, DisconnectReason::reconnect_for_code(d.code));
        assert!(d.reason.len() <= 123, "fits a WebSocket close frame");
        assert_eq!(u32::from(d.ws_close_code()), d.code);
        assert_eq!(d.push().disconnect.unwrap(), Disconnect::from(d));
        assert_eq!(d.reply(), Reply::push(d.push()));
    }
    let mut codes: Vec<u32> = DisconnectReason::ALL.iter().map(|d| d.code).collect();
    codes.dedup();
    assert_eq!(
        codes.len(),
        DisconnectReason::ALL.len(),
        "codes are unique and sorted"
    );
    // Application ranges.
    assert!(DisconnectReason::reconnect_for_code(4000));
    assert!(DisconnectReason::reconnect_for_code(4499));
    assert!(!DisconnectReason::reconnect_for_code(4500));
    assert!(!DisconnectReason::reconnect_for_code(4999));
    assert!(DisconnectReason::reconnect_for_code(5000));
    assert!(!Disconnect::new(4501, "kicked").reconnect);
    assert!(Disconnect::new(4001, "moved").reconnect);
    assert!(!UnsubscribeReason::resubscribe_for_code(
        UnsubscribeReason::SERVER.code
    ));
    assert!(UnsubscribeReason::resubscribe_for_code(
        UnsubscribeReason::INSUFFICIENT_STATE.code
    ));
    assert!(UnsubscribeReason::resubscribe_for_code(
        UnsubscribeReason::EXPIRED.code
    ));
}

// ----- seed corpus -----

const CORPUS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/protocol_corpus");

/// Decodes every corpus file without panicking. Files named `ok_*` must
/// decode and `err_*` must fail; other files may do either.
#[test]
fn corpus_never_panics() {
    let mut entries: Vec<_> = std::fs::read_dir(CORPUS_DIR)
        .unwrap_or_else(|e| panic!("corpus dir {CORPUS_DIR}: {e}"))
        .map(|entry| entry.expect("dir entry").path())
        .filter(|path| path.is_file())
        .collect();
    entries.sort();
    assert!(entries.len() >= 10, "corpus has files");
    for path in entries {
        let bytes = std::fs::read(&path).expect("read corpus file");
        let text = String::from_utf8_lossy(&bytes);
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let result = decode_frame(&text, 64);
        if name.starts_with("ok_") {
            let cmds = result.unwrap_or_else(|e| panic!("{name}: {e}"));
            // Valid commands re-encode and decode to the same values.
            let again =
                encode_commands(&cmds.iter().cloned().map(Command::from).collect::<Vec<_>>());
            assert_eq!(decode_frame(&again, 64).unwrap(), cmds, "{name}");
        } else if name.starts_with("err_") {
            assert!(result.is_err(), "{name} should fail, got {result:?}");
        }
        let _ = decode_replies(&text);
    }
}

// ----- property tests -----

mod props {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Value;

    fn config() -> ProptestConfig {
        // No regression files are written next to the source file. The
        // case count defaults to 256 (override with PROPTEST_CASES).
        ProptestConfig {
            failure_persistence: None,
            ..ProptestConfig::default()
        }
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z0-9:_-]{0,8}",
            "(?s).{0,10}",
            Just("\"\\\n\r\t\u{0}\u{2028}🚜é".to_owned()),
        ]
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from),
            text().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 24, 5, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::btree_map(text(), inner, 0..5)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// Non-null payloads (a `null` payload decodes as absent), sometimes
    /// pretty-printed so that line-break stripping is exercised.
    fn raw_json() -> impl Strategy<Value = RawJson> {
        (
            json_value().prop_filter("null payload is absent", |v| !v.is_null()),
            any::<bool>(),
        )
            .prop_map(|(v, pretty)| {
                if pretty {
                    RawJson::from_string(serde_json::to_string_pretty(&v).unwrap()).unwrap()
                } else {
                    RawJson::from_value(&v).unwrap()
                }
            })
    }

    fn opt_raw() -> impl Strategy<Value = Option<RawJson>> {
        prop::option::of(raw_json())
    }

    fn client_info() -> impl Strategy<Value = ClientInfo> {
        (text(), text(), opt_raw(), opt_raw()).prop_map(|(user, client, conn_info, chan_info)| {
            ClientInfo {
                user,
                client,
                conn_info,
                chan_info,
            }
        })
    }

    fn publication() -> impl Strategy<Value = Publication> {
        (
            opt_raw(),
            prop::option::of(client_info()),
            any::<u64>(),
            prop::collection::btree_map(text(), text(), 0..3),
        )
            .prop_map(|(data, info, offset, tags)| Publication {
                data,
                info,
                offset,
                tags,
            })
    }

    fn subscribe_request() -> impl Strategy<Value = SubscribeRequest> {
        (
            text(),
            text(),
            any::<bool>(),
            text(),
            any::<u64>(),
            opt_raw(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(
                |(
                    channel,
                    token,
                    recover,
                    epoch,
                    offset,
                    data,
                    positioned,
                    recoverable,
                    join_leave,
                )| {
                    SubscribeRequest {
                        channel,
                        token,
                        recover,
                        epoch,
                        offset,
                        data,
                        positioned,
                        recoverable,
                        join_leave,
                    }
                },
            )
    }

    fn subscribe_result() -> impl Strategy<Value = SubscribeResult> {
        (
            any::<bool>(),
            any::<u32>(),
            any::<bool>(),
            text(),
            prop::collection::vec(publication(), 0..3),
            any::<bool>(),
            any::<u64>(),
            any::<bool>(),
            opt_raw(),
            any::<bool>(),
        )
            .prop_map(
                |(
                    expires,
                    ttl,
                    recoverable,
                    epoch,
                    publications,
                    recovered,
                    offset,
                    positioned,
                    data,
                    was_recovering,
                )| {
                    SubscribeResult {
                        expires,
                        ttl,
                        recoverable,
                        epoch,
                        publications,
                        recovered,
                        offset,
                        positioned,
                        data,
                        was_recovering,
                    }
                },
            )
    }

    fn request_with_id() -> impl Strategy<Value = Request> {
        prop_oneof![
            (
                text(),
                opt_raw(),
                prop::collection::btree_map(text(), subscribe_request(), 0..3),
                text(),
                text()
            )
                .prop_map(|(token, data, subs, name, version)| {
                    Request::Connect(ConnectRequest {
                        token,
                        data,
                        subs,
                        name,
                        version,
                    })
                }),
            subscribe_request().prop_map(Request::Subscribe),
            text().prop_map(|channel| Request::Unsubscribe(UnsubscribeRequest { channel })),
            (text(), opt_raw())
                .prop_map(|(channel, data)| Request::Publish(PublishRequest { channel, data })),
            text().prop_map(|channel| Request::Presence(PresenceRequest { channel })),
            text().prop_map(|channel| Request::PresenceStats(PresenceStatsRequest { channel })),
            (
                text(),
                any::<i32>(),
                prop::option::of((any::<u64>(), text())),
                any::<bool>()
            )
                .prop_map(|(channel, limit, since, reverse)| Request::History(
                    HistoryRequest {
                        channel,
                        limit,
                        since: since.map(|(offset, epoch)| StreamPosition { offset, epoch }),
                        reverse,
                    }
                )),
            Just(Request::Ping(PingRequest {})),
            (opt_raw(), text())
                .prop_map(|(data, method)| Request::Rpc(RpcRequest { data, method })),
            text().prop_map(|token| Request::Refresh(RefreshRequest { token })),
            (text(), text()).prop_map(|(channel, token)| Request::SubRefresh(SubRefreshRequest {
                channel,
                token
            })),
        ]
    }

    fn decoded_command() -> impl Strategy<Value = DecodedCommand> {
        prop_oneof![
            6 => (1..=u32::MAX, request_with_id()).prop_map(|(id, request)| DecodedCommand { id, request }),
            1 => (any::<u32>(), opt_raw())
                .prop_map(|(id, data)| DecodedCommand { id, request: Request::Send(SendRequest { data }) }),
            1 => Just(DecodedCommand { id: 0, request: Request::Pong }),
        ]
    }

    fn push() -> impl Strategy<Value = Push> {
        prop_oneof![
            (text(), publication()).prop_map(|(c, p)| Push::publication(c, p)),
            (text(), client_info()).prop_map(|(c, i)| Push::join(c, i)),
            (text(), client_info()).prop_map(|(c, i)| Push::leave(c, i)),
            (text(), any::<u32>(), text())
                .prop_map(|(c, code, reason)| Push::unsubscribe(c, Unsubscribe { code, reason })),
            raw_json().prop_map(Push::message),
            (
                text(),
                any::<bool>(),
                text(),
                any::<u64>(),
                any::<bool>(),
                opt_raw()
            )
                .prop_map(|(c, recoverable, epoch, offset, positioned, data)| {
                    Push::subscribe(
                        c,
                        Subscribe {
                            recoverable,
                            epoch,
                            offset,
                            positioned,
                            data,
                        },
                    )
                }),
            (
                text(),
                text(),
                opt_raw(),
                any::<u32>(),
                any::<bool>(),
                text()
            )
                .prop_map(|(client, version, data, ping, pong, node)| {
                    Push::connect(Connect {
                        client,
                        version,
                        data,
                        ping,
                        pong,
                        node,
                        ..Connect::default()
                    })
                }),
            (any::<u32>(), text())
                .prop_map(|(code, reason)| Push::disconnect(Disconnect::new(code, reason))),
            (any::<bool>(), any::<u32>()).prop_map(|(e, t)| Push::refresh(e, t)),
        ]
    }

    fn reply() -> impl Strategy<Value = Reply> {
        prop_oneof![
            Just(Reply::ping()),
            push().prop_map(Reply::push),
            (1..=u32::MAX, any::<u32>(), text(), any::<bool>()).prop_map(
                |(id, code, msg, temp)| Reply::with_error(id, ReplyError::new(code, msg, temp))
            ),
            (
                1..=u32::MAX,
                text(),
                text(),
                any::<u32>(),
                opt_raw(),
                prop::collection::btree_map(text(), subscribe_result(), 0..2)
            )
                .prop_map(|(id, client, version, ping, data, subs)| {
                    Reply::connect(
                        id,
                        ConnectResult {
                            client,
                            version,
                            ping,
                            pong: ping > 0,
                            data,
                            subs,
                            ..ConnectResult::default()
                        },
                    )
                }),
            (1..=u32::MAX, subscribe_result()).prop_map(|(id, r)| Reply::subscribe(id, r)),
            (1..=u32::MAX).prop_map(Reply::publish),
            (1..=u32::MAX).prop_map(Reply::unsubscribe),
            (
                1..=u32::MAX,
                prop::collection::btree_map(text(), client_info(), 0..3)
            )
                .prop_map(|(id, presence)| Reply::presence(id, PresenceResult { presence })),
            (1..=u32::MAX, any::<u32>(), any::<u32>()).prop_map(|(id, num_clients, num_users)| {
                Reply::presence_stats(
                    id,
                    PresenceStatsResult {
                        num_clients,
                        num_users,
                    },
                )
            }),
            (
                1..=u32::MAX,
                prop::collection::vec(publication(), 0..3),
                text(),
                any::<u64>()
            )
                .prop_map(|(id, publications, epoch, offset)| Reply::history(
                    id,
                    HistoryResult {
                        publications,
                        epoch,
                        offset
                    }
                )),
            (1..=u32::MAX, opt_raw()).prop_map(|(id, data)| Reply::rpc(id, RpcResult { data })),
            (1..=u32::MAX, text(), any::<bool>(), any::<u32>()).prop_map(
                |(id, client, expires, ttl)| Reply::refresh(
                    id,
                    RefreshResult {
                        client,
                        expires,
                        ttl,
                        ..RefreshResult::default()
                    }
                )
            ),
            (1..=u32::MAX, any::<bool>(), any::<u32>()).prop_map(|(id, expires, ttl)| {
                Reply::sub_refresh(id, SubRefreshResult { expires, ttl })
            }),
        ]
    }

    proptest! {
        #![proptest_config(config())]

        /// (a) Arbitrary text never panics the decoder.
        #[test]
        fn arbitrary_strings_never_panic(s in any::<String>(), limit in 0usize..8) {
            let _ = decode_frame(&s, limit);
            let _ = decode_replies(&s);
        }

        /// (a) Arbitrary bytes, read as lossy UTF-8 the way a transport
        /// might, never panic the decoder.
        #[test]
        fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
            let _ = decode_frame(&String::from_utf8_lossy(&bytes), 16);
        }

        /// (a) Valid frames that are cut short or spliced never panic.
        /// If they still decode, every command is valid.
        #[test]
        fn mutated_frames_never_panic(
            cmds in prop::collection::vec(decoded_command(), 1..4),
            cut in any::<usize>(),
            resume in any::<usize>(),
            insert in "(?s).{0,4}",
        ) {
            let frame = encode_commands(&cmds.into_iter().map(Command::from).collect::<Vec<_>>());
            let floor = |mut i: usize| { i %= frame.len() + 1; while !frame.is_char_boundary(i) { i -= 1; } i };
            let (a, b) = (floor(cut), floor(resume));
            let (a, b) = (a.min(b), a.max(b));
            for mutated in [format!("{}{}{}", &frame[..a], insert, &frame[b..]), frame[..a].to_owned()] {
                if let Ok(decoded) = decode_frame(&mutated, 16) {
                    for cmd in decoded {
                        let id_ok = cmd.id != 0 || matches!(cmd.request, Request::Send(_) | Request::Pong);
                        prop_assert!(id_ok, "{:?}", cmd);
                    }
                }
            }
        }

        /// (b) Generated commands survive encode → decode unchanged.
        #[test]
        fn commands_roundtrip(cmds in prop::collection::vec(decoded_command(), 1..6)) {
            let frame = encode_commands(&cmds.iter().cloned().map(Command::from).collect::<Vec<_>>());
            prop_assert_eq!(frame.matches('\n').count(), cmds.len() - 1);
            let decoded = decode_frame(&frame, cmds.len());
            prop_assert!(decoded.is_ok(), "{}: {:?}", frame, decoded);
            prop_assert_eq!(decoded.unwrap(), cmds);
        }

        /// Generated replies survive encode → decode unchanged, one line
        /// each.
        #[test]
        fn replies_roundtrip(replies in prop::collection::vec(reply(), 1..6)) {
            let frame = encode_replies(&replies);
            prop_assert_eq!(frame.matches('\n').count(), replies.len() - 1);
            let decoded = decode_replies(&frame);
            prop_assert!(decoded.is_ok(), "{}: {:?}", frame, decoded);
            prop_assert_eq!(decoded.unwrap(), replies);
        }
    }
}
