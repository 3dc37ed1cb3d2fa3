//! Files the user picked or dropped, and their upload with progress.
//!
//! Why XMLHttpRequest and not fetch (gloo-net): only XHR reports upload
//! progress, which a large attachment needs.

use crate::domain::AppError;
use crate::domain::order::FileMeta;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::JsFuture;
use web_sys::{FormData, HtmlInputElement, ProgressEvent, XmlHttpRequest};

/// A file on the user's machine, not yet uploaded; `path` is its place in
/// a dropped folder.
pub struct LocalFile(web_sys::File, Option<String>);

impl LocalFile {
    pub(super) fn new(file: web_sys::File, path: Option<String>) -> LocalFile {
        LocalFile(file, path)
    }

    /// Its name, with the folder path when a folder was picked or dropped.
    pub fn name(&self) -> String {
        if let Some(path) = &self.1 {
            return path.clone();
        }
        // web-sys has no binding for this (non-standard but universal) field.
        let relative = js_sys::Reflect::get(&self.0, &"webkitRelativePath".into())
            .ok()
            .and_then(|value| value.as_string())
            .unwrap_or_default();
        if relative.is_empty() {
            self.0.name()
        } else {
            relative
        }
    }
}

fn collect(list: Option<web_sys::FileList>) -> Vec<LocalFile> {
    let Some(list) = list else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|index| list.get(index))
        .map(|file| LocalFile(file, None))
        .collect()
}

/// The files chosen in the `<input type="file">` that fired `event`; the
/// input is cleared so choosing the same file again fires again.
pub fn chosen_files(event: &leptos::ev::Event) -> Vec<LocalFile> {
    let Some(input) = event
        .target()
        .and_then(|target| target.dyn_into::<HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let files = collect(input.files());
    input.set_value("");
    files
}

fn network() -> AppError {
    AppError::Network
}

/// Uploads `file` to `/uploads`, reporting progress in percent.
pub async fn upload(
    file: LocalFile,
    on_progress: impl Fn(u8) + 'static,
) -> Result<FileMeta, AppError> {
    let form = FormData::new().map_err(|_| network())?;
    form.append_with_blob_and_filename("file", &file.0, &file.name())
        .map_err(|_| network())?;
    let request = XmlHttpRequest::new().map_err(|_| network())?;
    request.open("POST", "/uploads").map_err(|_| network())?;
    let progress = Closure::<dyn Fn(ProgressEvent)>::new(move |event: ProgressEvent| {
        if event.length_computable() && event.total() > 0.0 {
            let percent = (event.loaded() * 100.0 / event.total()).clamp(0.0, 100.0);
            on_progress(percent as u8);
        }
    });
    if let Ok(upload) = request.upload() {
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    }
    let finished = js_sys::Promise::new(&mut |resolve, reject| {
        request.set_onload(Some(&resolve));
        request.set_onerror(Some(&reject));
        request.set_onabort(Some(&reject));
    });
    request
        .send_with_opt_form_data(Some(&form))
        .map_err(|_| network())?;
    let outcome = JsFuture::from(finished).await;
    drop(progress);
    outcome.map_err(|_| network())?;
    let body = request.response_text().ok().flatten().unwrap_or_default();
    if request.status().map_err(|_| network())? == 201 {
        serde_json::from_str(&body).map_err(|_| network())
    } else {
        #[derive(serde::Deserialize)]
        struct Failure {
            error: AppError,
        }
        Err(serde_json::from_str::<Failure>(&body)
            .map(|failure| failure.error)
            .unwrap_or(AppError::Network))
    }
}
