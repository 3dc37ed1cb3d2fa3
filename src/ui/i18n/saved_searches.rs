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
    nav: "Saved searches",
    title: "Saved searches",
    intro: "When a new order matches one of these, you get a notification.",
    save_title: "Save this search",
    name_label: "Name",
    digest_label: "Also send me a daily e-mail of new matches",
    save: "Save search",
    saved: "Saved.",
    empty: "No saved searches yet. Filter or search the hall, then save the search there.",
    open: "Open in the hall",
    rename: "Save changes",
    delete: "Delete",
    count: "saved of at most",
};

pub(super) const ZH: SavedSearchTexts = SavedSearchTexts {
    nav: "保存的搜索",
    title: "保存的搜索",
    intro: "有新订单符合其中的搜索时，你会收到通知。",
    save_title: "保存此搜索",
    name_label: "名称",
    digest_label: "每天也用邮件告诉我新的匹配订单",
    save: "保存搜索",
    saved: "已保存。",
    empty: "还没有保存的搜索。在大厅筛选或搜索后，在那里保存。",
    open: "在大厅中打开",
    rename: "保存修改",
    delete: "删除",
    count: "个已保存，上限",
};
