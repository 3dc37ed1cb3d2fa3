//! Infinite scroll over server HTML: the next page of a list is fetched as
//! the page the server renders for its link, and its items are moved into
//! this page. The browser needs no code to render an item (nor its wire
//! type), and an item looks exactly as the server draws it.

use super::fetched_page::fetch_page;
use web_sys::Element;

/// Fetches `href`, moves the elements matching `items` in it to the end of
/// `into`, and returns the `href` of the link matching `next` there (`None`
/// on the last page). `Err` when the page could not be fetched or read:
/// the caller keeps its link, which still works as a plain link.
pub async fn append_next_page(
    href: &str,
    items: &str,
    next: &str,
    into: Element,
) -> Result<Option<String>, ()> {
    let document = fetch_page(href).await?;
    let found = document.query_selector_all(items).map_err(|_| ())?;
    for index in 0..found.length() {
        if let Some(item) = found.item(index) {
            into.append_child(&item).map_err(|_| ())?;
        }
    }
    Ok(document
        .query_selector(next)
        .ok()
        .flatten()
        .and_then(|link| link.get_attribute("href")))
}
