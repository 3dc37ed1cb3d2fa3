//! English text.

use super::Texts;

pub(super) const TEXTS: Texts = Texts {
    site_name: "Bounty",
    tagline: "Post a problem, set a reward, pay only for a solution you accept.",
    skip_to_content: "Skip to content",
    nav_label: "Main",
    nav_hall: "Hall",
    nav_publish: "Publish",
    nav_messages: "Messages",
    nav_sign_in: "Sign in",
    menu_open: "Menu",
    menu_close: "Close menu",
    language_label: "Language",
    footer_note: "Rewards are held in escrow and paid out only when the publisher confirms the solution.",
    hall_title: "Open bounties",
    hall_intro: "Every problem nobody has taken yet, newest first.",
    hall_empty: "No open bounties yet. Be the first to publish one.",
    how_title: "How it works",
    how_steps: [
        "Describe your problem and set a reward.",
        "A solver takes the order and submits a solution.",
        "You place the reward in escrow to open the solution.",
        "Confirm it solves your problem, and the solver is paid.",
    ],
    publish_title: "Publish a bounty",
    publish_intro: "Describe the problem, attach files and set a reward and a deadline.",
    messages_title: "Messages",
    messages_intro: "Talk with publishers and solvers in real time.",
    sign_in_title: "Sign in",
    sign_in_intro: "Sign in to publish bounties, take orders and chat.",
    coming_soon: "This part of the service is being built and opens soon.",
    not_found_title: "Page not found",
    not_found_body: "There is no page at this address. It may have moved, or the link may be mistyped.",
    back_to_hall: "Back to the hall",
};
