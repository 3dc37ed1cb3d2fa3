//! The server binary's command line: no arguments serves; `demo` seeds;
//! `ledger check` verifies the ledger; `payments reconcile` settles what
//! lost webhooks left open; `admin create` makes an admin.
//!
//! Invariant: a password is never taken from the command line (it would end
//! up in shell history and process listings), only from standard input.

/// What the binary was asked to do.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Serve,
    /// `demo`: seed demo users and orders, print the passwords once.
    Demo,
    /// `ledger check`: verify every ledger invariant; non-zero exit if one fails.
    LedgerCheck,
    /// `migrate`: apply pending database migrations and exit.
    Migrate,
    /// `payments reconcile`: ask the provider about open payments and
    /// payouts in flight, fix what lost webhooks left, print each change.
    PaymentsReconcile,
    /// `admin create --email E [--nickname N]`, password on stdin.
    AdminCreate {
        email: String,
        nickname: String,
    },
}

pub const USAGE: &str = "usage: bounty                      serve the site\n       \
    bounty demo                 seed demo users and orders (passwords printed once)\n       \
    bounty migrate              apply pending database migrations and exit\n       \
    bounty ledger check         verify the ledger's invariants (exit 1 on any violation)\n       \
    bounty payments reconcile   settle what lost provider webhooks left open, print each change\n       \
    bounty admin create --email EMAIL [--nickname NAME]\n                                  \
    make EMAIL an admin; a new account reads its password from stdin";

/// Parses the arguments after the program name.
pub fn parse(args: &[String]) -> Result<Command, String> {
    match args {
        [] => Ok(Command::Serve),
        [demo] if demo == "demo" => Ok(Command::Demo),
        [migrate] if migrate == "migrate" => Ok(Command::Migrate),
        [ledger, check] if ledger == "ledger" && check == "check" => Ok(Command::LedgerCheck),
        [payments, reconcile] if payments == "payments" && reconcile == "reconcile" => {
            Ok(Command::PaymentsReconcile)
        }
        [admin, create, rest @ ..] if admin == "admin" && create == "create" => {
            let mut email = None;
            let mut nickname = "Admin".to_owned();
            let mut rest = rest.iter();
            while let Some(flag) = rest.next() {
                let value = rest
                    .next()
                    .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
                match flag.as_str() {
                    "--email" => email = Some(value.clone()),
                    "--nickname" => nickname = value.clone(),
                    other => return Err(format!("unknown option {other}\n{USAGE}")),
                }
            }
            let email = email.ok_or_else(|| format!("--email is required\n{USAGE}"))?;
            Ok(Command::AdminCreate { email, nickname })
        }
        _ => Err(USAGE.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn no_arguments_serve() {
        assert_eq!(parse(&[]), Ok(Command::Serve));
        assert_eq!(parse(&args("demo")), Ok(Command::Demo));
        assert_eq!(parse(&args("ledger check")), Ok(Command::LedgerCheck));
        assert_eq!(parse(&args("migrate")), Ok(Command::Migrate));
        assert_eq!(
            parse(&args("payments reconcile")),
            Ok(Command::PaymentsReconcile)
        );
    }

    #[test]
    fn admin_create_takes_an_email_and_an_optional_nickname() {
        assert_eq!(
            parse(&args("admin create --email a@b.co --nickname Boss")),
            Ok(Command::AdminCreate {
                email: "a@b.co".into(),
                nickname: "Boss".into()
            })
        );
        assert_eq!(
            parse(&args("admin create --email a@b.co")),
            Ok(Command::AdminCreate {
                email: "a@b.co".into(),
                nickname: "Admin".into()
            })
        );
    }

    #[test]
    fn anything_else_explains_the_usage() {
        for line in [
            "admin",
            "admin create",
            "admin create --email",
            "admin create --password x",
            "serve",
            "demo now",
            "ledger",
            "ledger fix",
        ] {
            let error = parse(&args(line)).expect_err(line);
            assert!(error.contains("usage:"), "{line}: {error}");
        }
    }
}
