//! Order components: cards and filters of the hall, pieces of the order
//! page, and the editors of the publish and submit forms.

mod actions;
mod attachments;
mod blocks_editor;
mod card;
mod file_uploader;
pub mod format;
mod hall_filters;
mod load_more;
mod order_form;
mod solution;

pub use actions::{OrderActionSet, OrderActions};
pub use attachments::AttachmentList;
pub use blocks_editor::{Blocks, BlocksEditor};
pub use card::OrderCardView;
pub use file_uploader::{FileUploader, Uploads};
pub use hall_filters::HallFilters;
pub use load_more::LoadMore;
pub use order_form::OrderForm;
pub use solution::SolutionPanel;
