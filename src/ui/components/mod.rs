//! Reusable pieces of the page frame.

mod avatar_cropper;
mod captcha_picker;
mod form_message;
mod language_switch;
mod pager;
mod profile_form;
mod require_user;
mod site_footer;
mod site_header;
mod site_notice;
mod user_menu;

pub use avatar_cropper::AvatarCropper;
pub use captcha_picker::{CaptchaPicker, decode_clicks, encode_clicks};
pub use form_message::{FieldMessage, FormMessage, form_message};
pub use language_switch::LanguageSwitch;
pub use pager::{PageError, Pager};
pub use profile_form::ProfileForm;
pub use require_user::RequireUser;
pub use site_footer::SiteFooter;
pub use site_header::SiteHeader;
pub use site_notice::SiteNoticeBanner;
pub use user_menu::UserMenu;
