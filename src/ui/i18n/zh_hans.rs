//! Simplified Chinese text.

use super::Texts;

pub(super) const TEXTS: Texts = Texts {
    site_name: "悬赏",
    tagline: "发布问题，设定赏金，只为你认可的解答付款。",
    skip_to_content: "跳到正文",
    nav_label: "主导航",
    nav_hall: "大厅",
    nav_publish: "发布",
    nav_messages: "消息",
    nav_sign_in: "登录",
    menu_open: "菜单",
    menu_close: "关闭菜单",
    language_label: "语言",
    footer_note: "赏金由平台托管，只有发布者确认解答后才会支付给解答者。",
    hall_title: "待接悬赏",
    hall_intro: "所有尚未被接的悬赏，最新的在前。",
    hall_empty: "还没有待接的悬赏，来发布第一个吧。",
    how_title: "如何运作",
    how_steps: [
        "描述你的问题并设定赏金。",
        "解答者接单并提交解答。",
        "你将赏金托管后即可查看解答。",
        "确认问题已解决，赏金即支付给解答者。",
    ],
    publish_title: "发布悬赏",
    publish_intro: "描述问题、附上文件，并设定赏金和截止日期。",
    messages_title: "消息",
    messages_intro: "与发布者和解答者实时交流。",
    sign_in_title: "登录",
    sign_in_intro: "登录后即可发布悬赏、接单和聊天。",
    coming_soon: "这部分功能正在建设中，即将开放。",
    not_found_title: "页面不存在",
    not_found_body: "这个地址没有页面。它可能已经移动，或者链接有误。",
    back_to_hall: "返回大厅",
};
