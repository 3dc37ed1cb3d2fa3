//! Text of saved searches: the hall's "save this search" form and the
//! saved searches page, with the struct and every language side by side.

/// Saved searches.
pub struct SavedSearchTexts {
    pub nav: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub save_title: &'static str,
    pub name_label: &'static str,
    pub digest_label: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
    pub empty: &'static str,
    pub open: &'static str,
    pub rename: &'static str,
    pub delete: &'static str,
    pub count: &'static str,
}

pub(super) const EN: SavedSearchTexts = SavedSearchTexts {
    nav: page_text!("Saved searches"),
    title: page_text!("Saved searches"),
    intro: page_text!("When a new order matches one of these, you get a notification."),
    save_title: page_text!("Save this search"),
    name_label: page_text!("Name"),
    digest_label: page_text!("Also send me a daily e-mail of new matches"),
    save: page_text!("Save search"),
    saved: page_text!("Saved."),
    empty: page_text!(
        "No saved searches yet. Filter or search the hall, then save the search there."
    ),
    open: page_text!("Open in the hall"),
    rename: page_text!("Save changes"),
    delete: page_text!("Delete"),
    count: page_text!("saved of at most"),
};

pub(super) const ZH: SavedSearchTexts = SavedSearchTexts {
    nav: page_text!("保存的搜索"),
    title: page_text!("保存的搜索"),
    intro: page_text!("有新订单符合其中的搜索时，你会收到通知。"),
    save_title: page_text!("保存此搜索"),
    name_label: page_text!("名称"),
    digest_label: page_text!("每天也用邮件告诉我新的匹配订单"),
    save: page_text!("保存搜索"),
    saved: page_text!("已保存。"),
    empty: page_text!("还没有保存的搜索。在大厅筛选或搜索后，在那里保存。"),
    open: page_text!("在大厅中打开"),
    rename: page_text!("保存修改"),
    delete: page_text!("删除"),
    count: page_text!("个已保存，上限"),
};
