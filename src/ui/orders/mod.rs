//! Order components: cards and filters of the hall, pieces of the order
//! page, and the editors of the publish and submit forms.

mod actions;
mod agreement_section;
mod applications_section;
mod attachments;
mod blocks_editor;
mod card;
pub mod dispute_section;
mod file_uploader;
pub mod format;
mod hall_filters;
mod load_more;
mod money_panel;
mod order_form;
mod questions_section;
mod review_section;
mod save_search;
mod sealed;
mod solution;
mod top_up_form;
mod withdraw_form;

pub use actions::{OrderActionSet, OrderActions};
pub use applications_section::ApplicationsSection;
pub use attachments::AttachmentList;
pub use blocks_editor::{Blocks, BlocksEditor};
pub use card::OrderCardView;
pub use file_uploader::{FileUploader, Uploads};
pub use hall_filters::HallFilters;
pub use load_more::LoadMore;
pub use money_panel::MoneyPanel;
pub use order_form::OrderForm;
pub use questions_section::QuestionsSection;
pub use review_section::{ReputationPanel, ReviewSection};
pub use save_search::SaveSearchForm;
pub use solution::SolutionPanel;
pub use top_up_form::TopUpForm;
pub use withdraw_form::{WithdrawForm, withdrawal_list, withdrawal_state};

use leptos_router::params::ParamsMap;

/// The URL query pairs a list's filter reads: every value of the
/// `repeated` names (multi-select filters), the first of the `single` ones.
pub fn query_pairs(
    query: &ParamsMap,
    repeated: &[&'static str],
    single: &[&'static str],
) -> Vec<(&'static str, String)> {
    let mut pairs = Vec::new();
    for name in repeated {
        for value in query.get_all(name).unwrap_or_default() {
            pairs.push((*name, value));
        }
    }
    for name in single {
        if let Some(value) = query.get(name) {
            pairs.push((*name, value));
        }
    }
    pairs
}
