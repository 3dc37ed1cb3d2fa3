//! Reusable pieces of the page frame.

mod language_switch;
mod placeholder;
mod site_footer;
mod site_header;

pub use language_switch::LanguageSwitch;
pub use placeholder::Placeholder;
pub use site_footer::SiteFooter;
pub use site_header::SiteHeader;
