//! E-mail delivery through lettre: SMTP when `mail.smtp_host` is set,
//! otherwise one `.eml` file per message in `mail.outbox_dir`, so links in
//! e-mails (password recovery, invitations) can be followed on a laptop.

use anyhow::Context;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::{MailSettings, SmtpSecurity};

/// One e-mail to send: plain text and HTML versions of the same content.
#[derive(Debug, Clone)]
pub struct OutgoingEmail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The opt-out link of a non-essential e-mail: sent as `List-Unsubscribe`
    /// with `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058),
    /// so mail clients can offer their own "unsubscribe" button.
    pub unsubscribe: Option<String>,
    /// Files attached (base64 in the outbox payload).
    pub attachments: Vec<crate::notify::templates::EmailAttachment>,
}

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>),
}

/// Sends e-mails; cheap to share behind an `Arc`.
pub struct Mailer {
    from: Mailbox,
    transport: Transport,
}

impl Mailer {
    pub fn from_settings(s: &MailSettings) -> anyhow::Result<Mailer> {
        let from: Mailbox = s.from.parse().context("mail.from is not a valid address")?;
        let transport = if s.smtp_host.is_empty() {
            std::fs::create_dir_all(&s.outbox_dir).with_context(|| {
                format!("creating the e-mail folder {}", s.outbox_dir.display())
            })?;
            Transport::Files(AsyncFileTransport::new(&s.outbox_dir))
        } else {
            let builder = match s.smtp_security {
                SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&s.smtp_host)?,
                SmtpSecurity::Starttls => {
                    AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&s.smtp_host)?
                }
                SmtpSecurity::None => {
                    AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&s.smtp_host)
                }
            };
            let mut builder = builder.port(s.smtp_port);
            if !s.smtp_username.is_empty() {
                builder = builder.credentials(Credentials::new(
                    s.smtp_username.clone(),
                    s.smtp_password.expose().to_string(),
                ));
            }
            Transport::Smtp(builder.build())
        };
        Ok(Mailer { from, transport })
    }

    pub async fn send(&self, email: &OutgoingEmail) -> anyhow::Result<()> {
        let to: Mailbox = email
            .to
            .parse()
            .context("recipient is not a valid address")?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&email.subject);
        if let Some(link) = &email.unsubscribe {
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{link}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".to_string(),
                ));
        }
        let body = MultiPart::alternative()
            .singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_PLAIN)
                    .body(email.text.clone()),
            )
            .singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_HTML)
                    .body(email.html.clone()),
            );
        let message = if email.attachments.is_empty() {
            builder.multipart(body)
        } else {
            use base64::Engine;
            let mut mixed = MultiPart::mixed().multipart(body);
            for a in &email.attachments {
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(&a.base64)
                    .context("an attachment is not base64")?;
                let content_type =
                    ContentType::parse(&a.content_type).context("an attachment's content type")?;
                mixed = mixed.singlepart(
                    lettre::message::Attachment::new(a.filename.clone()).body(bytes, content_type),
                );
            }
            builder.multipart(mixed)
        }
        .context("building the e-mail")?;
        match &self.transport {
            Transport::Smtp(t) => {
                t.send(message)
                    .await
                    .context("sending the e-mail over SMTP")?;
            }
            Transport::Files(t) => {
                t.send(message).await.context("writing the e-mail file")?;
            }
        }
        tracing::info!(subject = %email.subject, "e-mail sent");
        Ok(())
    }
}

/// Minimal HTML escaping for values placed in e-mail bodies.
pub fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
