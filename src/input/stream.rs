//! An .xlsx worksheet read as a stream when it is counted: memory is bounded by a batch of
//! rows, not the sheet. The sheet's declared size (its `<dimension>`) fixes the columns, so
//! the header found in its top rows lines up with every row below; a cell outside that size
//! is refused, not guessed at. Sheets without a declared size are read whole (`workbook.rs`).
//!
//! calamine's cell reader borrows its workbook, so the cells are read on a thread of their
//! own that owns the workbook and sends rows in batches; the counting thread takes them in
//! order. A reader that stops without saying it finished is an error, never a short count.

use std::collections::VecDeque;
use std::io::Cursor;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use calamine::{Data, Reader, Xlsx};

use crate::input::cell::cell_text;

/// Rows sent at a time, and batches in flight: a batch is sent when it holds this many rows
/// or this much text, whichever comes first.
const BATCH_ROWS: usize = 1024;
const BATCH_TEXT_BYTES: usize = 4 << 20;
const BATCHES: usize = 4;

/// The most text a row may hold (and the top rows of a sheet together): far more than any
/// export's row, far less than a row of 16,384 cells each naming one long shared string.
pub(crate) const ROW_TEXT_BYTES: usize = 16 << 20;

/// What the reading thread sends.
enum Message {
    /// Rows below the header: (0-based sheet row, the row's fields).
    Rows(Vec<(u32, Vec<String>)>),
    /// Reading failed: why, in words for the user.
    Failed(String),
    Done,
}

/// Where a streamed sheet's data is and how big it may be.
#[derive(Debug, Clone)]
pub(crate) struct SheetShape {
    /// The sheet's name in the workbook.
    pub name: String,
    /// The header's 0-based sheet row; data rows come after it.
    pub header_row: u32,
    /// The first column and the number of columns, from the declared size.
    pub first_column: u32,
    pub width: usize,
    /// The last row the declared size covers.
    pub last_row: u32,
    pub max_cells: u64,
}

/// An .xlsx workbook opened on bytes shared with its sheets.
pub(crate) type Book = Xlsx<Cursor<Arc<[u8]>>>;

/// One .xlsx workbook shared by its streamed sheets: its bytes, and the workbook as opened
/// once (its shared strings, styles and sheet list parsed once, however many sheets), so
/// reading n sheets costs n reads, not n openings of everything.
pub(crate) struct SharedBook {
    bytes: Arc<[u8]>,
    opened: Mutex<Option<Book>>,
}

impl SharedBook {
    pub(crate) fn new(bytes: Arc<[u8]>) -> Arc<SharedBook> {
        Arc::new(SharedBook {
            bytes,
            opened: Mutex::new(None),
        })
    }

    /// Keeps `book`, the workbook already opened on these bytes, for the sheets to read.
    pub(crate) fn keep(&self, book: Book) {
        if let Ok(mut opened) = self.opened.lock() {
            *opened = Some(book);
        }
    }
}

/// The data rows of an .xlsx worksheet, read as they are counted.
pub(crate) struct SheetStream {
    book: Arc<SharedBook>,
    shape: SheetShape,
    rows: Option<Receiver<Message>>,
    batch: VecDeque<(u32, Vec<String>)>,
    /// The 0-based sheet row of the last row read.
    pub row: u32,
    done: bool,
    /// The reading thread, joined when the stream is dropped: no thread outlives its sheet.
    worker: Option<std::thread::JoinHandle<()>>,
}

impl SheetStream {
    pub(crate) fn new(book: Arc<SharedBook>, shape: SheetShape) -> SheetStream {
        let row = shape.header_row;
        SheetStream {
            book,
            shape,
            rows: None,
            batch: VecDeque::new(),
            row,
            done: false,
            worker: None,
        }
    }

    /// The same sheet read again, with its header on 0-based sheet row `header_row`.
    pub(crate) fn starting_at_row(&self, header_row: u32) -> SheetStream {
        let shape = SheetShape {
            header_row,
            ..self.shape.clone()
        };
        SheetStream::new(Arc::clone(&self.book), shape)
    }

    /// The next data row into `record`; `Ok(false)` at the end; `Err` with what went wrong.
    pub(crate) fn read(&mut self, record: &mut csv::ByteRecord) -> Result<bool, String> {
        loop {
            if let Some((row, fields)) = self.batch.pop_front() {
                record.clear();
                for field in &fields {
                    record.push_field(field.as_bytes());
                }
                self.row = row;
                return Ok(true);
            }
            if self.done {
                return Ok(false);
            }
            let rows = match &self.rows {
                Some(rows) => rows,
                None => {
                    let (send, receive) = sync_channel(BATCHES);
                    let (book, shape) = (Arc::clone(&self.book), self.shape.clone());
                    self.worker = Some(std::thread::spawn(move || produce(&book, &shape, &send)));
                    &*self.rows.insert(receive)
                }
            };
            match rows.recv() {
                Ok(Message::Rows(batch)) => self.batch.extend(batch),
                Ok(Message::Done) => self.done = true,
                Ok(Message::Failed(why)) => return Err(why),
                Err(_) => return Err("the sheet could not be read to the end".to_string()),
            }
        }
    }
}

impl Drop for SheetStream {
    /// Lets the reading thread go: with no one to receive its rows, its next send fails and
    /// it ends; it is joined, so it never runs on after the table it read for.
    fn drop(&mut self) {
        drop(self.rows.take());
        self.batch.clear();
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

/// Reads the sheet's cells in order and sends its rows below the header in batches.
fn produce(book: &SharedBook, shape: &SheetShape, send: &SyncSender<Message>) {
    // A panic in the reader, on a damaged record, is a damaged sheet. The shared workbook is
    // let go before the end is said, so the next sheet finds it free.
    let read = crate::model::error::catch_reader_panic(|| read_sheet(book, shape, send));
    let message = match read {
        Some(Ok(())) => Message::Done,
        Some(Err(why)) => Message::Failed(why),
        None => Message::Failed(UNREADABLE.to_string()),
    };
    let _ = send.send(message);
}

const UNREADABLE: &str = "cannot be read: the sheet is damaged; open it in Excel and save it again";

/// Reads the sheet from the shared workbook; from a workbook of its own only when another
/// sheet is being read from the shared one still (a table read while another, earlier in the
/// same workbook, is not finished), so that neither waits for the other.
fn read_sheet(
    book: &SharedBook,
    shape: &SheetShape,
    send: &SyncSender<Message>,
) -> Result<(), String> {
    let open =
        || Xlsx::new(Cursor::new(Arc::clone(&book.bytes))).map_err(|_| UNREADABLE.to_string());
    match book.opened.try_lock() {
        Ok(mut shared) => {
            if shared.is_none() {
                *shared = Some(open()?);
            }
            match shared.as_mut() {
                Some(opened) => read_rows(opened, shape, send),
                None => Err(UNREADABLE.to_string()),
            }
        }
        Err(_) => read_rows(&mut open()?, shape, send),
    }
}

fn read_rows(
    book: &mut Book,
    shape: &SheetShape,
    send: &SyncSender<Message>,
) -> Result<(), String> {
    let unreadable = |_| UNREADABLE.to_string();
    let mut cells = book
        .worksheet_cells_reader(&shape.name)
        .map_err(unreadable)?;
    let mut batch: Vec<(u32, Vec<String>)> = Vec::with_capacity(BATCH_ROWS);
    let mut current: Option<(u32, Vec<String>)> = None;
    let mut count: u64 = 0;
    let (mut row_text, mut batch_text) = (0usize, 0usize);
    let stopped = || "the sheet could not be read to the end".to_string();
    while let Some(cell) = cells.next_cell().map_err(unreadable)? {
        let (row, column) = cell.get_position();
        if row <= shape.header_row {
            continue;
        }
        count += 1;
        if count > shape.max_cells {
            return Err(format!(
                "it holds more than {} cells, more than the limit of {} cells; if the sheet really is that large, raise the limit with --max-cells N",
                shape.max_cells, shape.max_cells
            ));
        }
        let offset = column.checked_sub(shape.first_column).map(|c| c as usize);
        let Some(offset) = offset.filter(|&c| c < shape.width && row <= shape.last_row) else {
            return Err(
                "a cell lies outside the size the sheet declares; open it in Excel and save it again"
                    .to_string(),
            );
        };
        // Rows come in order in every workbook Excel or LibreOffice writes; one that goes
        // back would split a row in two here, so it is refused rather than miscounted.
        if current.as_ref().is_some_and(|(r, _)| row < *r) {
            return Err(
                "its rows are stored out of order; open it in Excel and save it again".to_string(),
            );
        }
        if current.as_ref().is_some_and(|(r, _)| *r != row) {
            if let Some(done) = current.take() {
                batch.push(done);
            }
            batch_text += row_text;
            row_text = 0;
            if batch.len() >= BATCH_ROWS || batch_text >= BATCH_TEXT_BYTES {
                send.send(Message::Rows(std::mem::take(&mut batch)))
                    .map_err(|_| stopped())?;
                batch_text = 0;
            }
        }
        let (_, fields) = current.get_or_insert_with(|| (row, vec![String::new(); shape.width]));
        let value = Data::from(cell.get_value().clone());
        if let Some(field) = fields.get_mut(offset) {
            *field = cell_text(&value);
            row_text += field.len();
            if row_text > ROW_TEXT_BYTES {
                return Err(format!(
                    "row {} holds more than {} MiB of text, more than any export's row; the workbook is damaged or was not saved by a spreadsheet program",
                    row + 1,
                    ROW_TEXT_BYTES >> 20
                ));
            }
        }
    }
    batch.extend(current);
    if !batch.is_empty() {
        send.send(Message::Rows(batch)).map_err(|_| stopped())?;
    }
    Ok(())
}
