//! The `faena` command: serve (default), migrate, demo, create-master.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};

use faena::app::{Application, build_services};
use faena::config::Settings;

#[derive(Parser)]
#[command(
    name = "faena",
    version,
    about = "Service operations and real-time customer communication"
)]
struct Cli {
    /// Extra TOML file layered over config/default.toml (FAENA__* variables still win).
    #[arg(long, global = true, env = "FAENA_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Load the demo data set (idempotent; demo passwords are listed in the README).
    Demo,
    /// Create a master user. The password is read from standard input, or
    /// prompted for on a terminal.
    CreateMaster {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Usuario Maestro")]
        name: String,
    },
}

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let settings = Settings::load(cli.config.as_deref())?;
    faena::telemetry::init_logs(&settings.log.filter);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            Application::build(settings)
                .await?
                .run_until_stopped()
                .await
        }
        Command::Migrate => {
            faena::app::open_store(&settings).await?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::Demo => {
            let port = settings.server.port;
            let services = build_services(settings, port).await?;
            faena::services::demo::load(&services).await?;
            println_stderr(
                "Demo data loaded. Sign in as master@master.com / master2023 (see README for the other demo users).",
            );
            Ok(())
        }
        Command::CreateMaster { email, name } => {
            let password = read_password()?;
            let port = settings.server.port;
            let services = build_services(settings, port).await?;
            let user =
                faena::services::demo::create_master(&services, &email, &name, password).await?;
            println_stderr(&format!("Master user {} created.", user.email));
            Ok(())
        }
    }
}

fn read_password() -> anyhow::Result<String> {
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ").context("reading the password")?;
        let again =
            rpassword::prompt_password("Repeat the password: ").context("reading the password")?;
        anyhow::ensure!(first == again, "the passwords do not match");
        first
    } else {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading the password from stdin")?;
        text.lines().next().unwrap_or("").to_string()
    };
    Ok(password)
}

/// CLI feedback goes to stderr so stdout stays clean for scripts.
fn println_stderr(text: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{text}");
}
