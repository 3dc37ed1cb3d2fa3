//! What the user dropped on a drop zone: files, and folders walked down to
//! the files inside them (with their paths).
//!
//! Invariant: the drop's items are read during the drop event (browsers
//! empty them when the handler returns); the folders are walked afterwards.

use super::files::LocalFile;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    FileSystemDirectoryEntry, FileSystemDirectoryReader, FileSystemEntry, FileSystemFileEntry,
};

/// A drop, read and waiting to be walked.
pub struct Dropped(Vec<Item>);

enum Item {
    File(web_sys::File),
    Entry(FileSystemEntry),
}

/// Takes the items of a drop event (synchronously, as browsers require).
pub fn dropped(event: &leptos::ev::DragEvent) -> Dropped {
    let Some(items) = event.data_transfer().map(|transfer| transfer.items()) else {
        return Dropped(Vec::new());
    };
    let mut taken = Vec::new();
    for index in 0..items.length() {
        let Some(item) = items.get(index).filter(|item| item.kind() == "file") else {
            continue;
        };
        match item.webkit_get_as_entry() {
            Ok(Some(entry)) => taken.push(Item::Entry(entry)),
            _ => {
                if let Ok(Some(file)) = item.get_as_file() {
                    taken.push(Item::File(file));
                }
            }
        }
    }
    Dropped(taken)
}

async fn file_of(entry: &FileSystemFileEntry) -> Option<web_sys::File> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        entry.file_with_callback_and_callback(&resolve, &reject);
    });
    JsFuture::from(promise).await.ok()?.dyn_into().ok()
}

/// One batch of a folder's entries; empty when the folder is exhausted.
async fn next_entries(reader: &FileSystemDirectoryReader) -> Vec<FileSystemEntry> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        // An error here rejects nothing; the empty batch below ends the walk.
        let _ = reader.read_entries_with_callback_and_callback(&resolve, &reject);
    });
    let Ok(batch) = JsFuture::from(promise).await else {
        return Vec::new();
    };
    js_sys::Array::from(&batch)
        .iter()
        .filter_map(|value| value.dyn_into().ok())
        .collect()
}

/// Every file of the drop, folders walked depth-first.
pub async fn dropped_files(dropped: Dropped) -> Vec<LocalFile> {
    let mut files = Vec::new();
    let mut pending = Vec::new();
    for item in dropped.0 {
        match item {
            Item::File(file) => files.push(LocalFile::new(file, None)),
            Item::Entry(entry) => pending.push(entry),
        }
    }
    while let Some(entry) = pending.pop() {
        if entry.is_file() {
            let entry: FileSystemFileEntry = entry.unchecked_into();
            if let Some(file) = file_of(&entry).await {
                let path = entry.full_path().trim_start_matches('/').to_owned();
                files.push(LocalFile::new(file, Some(path)));
            }
        } else if entry.is_directory() {
            let folder: FileSystemDirectoryEntry = entry.unchecked_into();
            let reader = folder.create_reader();
            loop {
                let batch = next_entries(&reader).await;
                if batch.is_empty() {
                    break;
                }
                pending.extend(batch);
            }
        }
    }
    files
}
