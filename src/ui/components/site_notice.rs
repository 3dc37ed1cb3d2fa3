//! The notices above every page: a development server and a play-money demo
//! say so, in the page's language, so neither is mistaken for the real
//! service. Server HTML only (no island).

use crate::domain::Locale;
use crate::domain::site_notice::SiteNotice;
use crate::ui::i18n::use_locale;
use leptos::prelude::*;

struct NoticeTexts {
    development: &'static str,
    play_money: &'static str,
}

fn texts(locale: Locale) -> NoticeTexts {
    match locale {
        Locale::En => NoticeTexts {
            development: "Development server: not for real use.",
            play_money: "Demo: all money here is play money. Payments are simulated and \
                         withdrawals are switched off.",
        },
        Locale::ZhHans => NoticeTexts {
            development: "开发服务器：请勿用于真实交易。",
            play_money: "演示站点：这里的所有金额都是虚拟的。付款为模拟，提现已关闭。",
        },
    }
}

#[component]
pub fn SiteNoticeBanner() -> impl IntoView {
    let SiteNotice {
        development,
        play_money,
    } = crate::platform::site_notice();
    let texts = texts(use_locale());
    view! {
        {play_money
            .then(|| {
                view! {
                    <p class="site-notice site-notice--money" role="note" data-notice="play-money">
                        {texts.play_money}
                    </p>
                }
            })}
        {development
            .then(|| {
                view! {
                    <p class="site-notice site-notice--development" role="note" data-notice="development">
                        {texts.development}
                    </p>
                }
            })}
    }
}
