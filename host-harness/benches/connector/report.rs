//! The benchmark report: a markdown file and a PNG chart of component / native per case.
//!
//! The chart is drawn into an RGB buffer and encoded here (zlib from `flate2`, chunk CRCs from
//! `crc32fast`, both already in the lock file): no font or drawing library is needed. Its text
//! (title, axis label, legend, case names, values) is drawn in a built-in 5x8 pixel font.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::{micros, Row, Target};

/// Figures of the run besides the rows.
pub struct Context {
    /// Component bytes.
    pub size: usize,
    /// Component bytes, gzipped.
    pub gzipped: usize,
    /// Compile time without cache, ms.
    pub compile_ms: f64,
    /// Load time from the `.cwasm` cache, ms.
    pub load_ms: f64,
    /// `(body bytes, smallest memory cap)` per listing.
    pub memory: Vec<(usize, usize)>,
    /// The runner's export against the official Node Tracking SDK, as printed.
    pub sdk: String,
    /// What `scripts/bench-hosts.sh` printed (the Node and Python packages), when it ran.
    pub hosts: Option<String>,
}

/// Draws the chart again from a report's case table (`--redraw-chart REPORT.md`): the PNG the
/// report links to is rewritten, nothing is measured. Returns the PNG's path.
pub fn redraw(report: &Path) -> std::io::Result<PathBuf> {
    let text = std::fs::read_to_string(report)?;
    let mut rows = Vec::new();
    for line in text.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // | # | group | case | native µs | component µs | ratio |
        if cells.len() != 8 || cells[1].parse::<usize>().is_err() {
            continue;
        }
        let micros = |cell: &str| {
            cell.parse::<f64>()
                .ok()
                .map(|us| Duration::from_secs_f64(us / 1e6))
        };
        let (Some(native), Some(component)) = (micros(cells[4]), micros(cells[5])) else {
            continue;
        };
        let group = if cells[2] == "calls" {
            "calls"
        } else {
            "per API type"
        };
        rows.push(Row {
            group,
            name: cells[3].to_string(),
            native,
            component,
        });
    }
    let png = report.with_extension("png");
    std::fs::write(&png, chart(&rows))?;
    Ok(png)
}

/// Writes `benchmark-<date>-<cores>core.{md,png}` into `dir`; returns the markdown's path.
pub fn write(
    dir: &Path,
    rows: &[Row],
    targets: &[Target],
    context: &Context,
) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (y, m, d) = aftership_core::civil_from_days((secs / 86_400) as i64);
    let date = format!("{y:04}-{m:02}-{d:02}");
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let stem = format!("benchmark-{date}-{cores}core");
    let png_name = format!("{stem}.png");
    std::fs::write(dir.join(&png_name), chart(rows))?;

    let mut md = String::new();
    md.push_str(&format!("# Benchmark report, {date}, {cores} cores\n\n"));
    md.push_str("Written by `cargo bench -p aftership-harness --bench connector -- --report`. ");
    md.push_str(
        "Every figure comes from one run on one machine; compare ratios, not absolute times ",
    );
    md.push_str("(the machine is shared and noisy). Times are CPU time of the calling thread, ");
    md.push_str("the median over batches, native and component batches alternating. ");
    md.push_str("Component times include a fresh store and ");
    md.push_str("instance per call, the memory cap and the deadline, as the harness runs in production.\n\n");
    md.push_str("## Targets\n\n| figure | value | target | |\n|---|---|---|---|\n");
    for t in targets {
        md.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            t.figure,
            t.value,
            t.target,
            if t.met { "met" } else { "**not met**" }
        ));
    }
    md.push_str(&format!(
        "\nComponent: {} bytes ({} gzipped). Compile without cache: {:.1} ms; load from the `.cwasm` cache: {:.2} ms.\n",
        context.size, context.gzipped, context.compile_ms, context.load_ms
    ));
    for (body, cap) in &context.memory {
        md.push_str(&format!(
            "Smallest guest memory cap that parses the {} KiB label listing: {:.2} MiB ({:.2}x the body).\n",
            body >> 10,
            *cap as f64 / f64::from(1 << 20),
            *cap as f64 / *body as f64
        ));
    }
    md.push_str(&format!(
        "\n## Cases\n\n![component / native per case]({png_name})\n\n"
    ));
    md.push_str(
        "Bars: component time / native time per case (log scale; native = 1x, the grey line; blue: single calls, green: per API type). ",
    );
    md.push_str("Per-API-type rows are the mean over every recorded fixture of that type.\n\n");
    md.push_str(
        "| # | group | case | native µs | component µs | ratio |\n|---|---|---|---|---|---|\n",
    );
    for (i, row) in rows.iter().enumerate() {
        md.push_str(&format!(
            "| {} | {} | {} | {:.2} | {:.2} | {:.2}x |\n",
            i + 1,
            row.group,
            row.name,
            micros(row.native),
            micros(row.component),
            row.ratio()
        ));
    }
    md.push_str("\n## The runner against the official Node Tracking SDK\n\n");
    md.push_str("From `benches/connector/sdk.rs` in the same run: the runner's `export` and the ");
    md.push_str("SDK's `getTrackings` page through the same loopback stand-in and write the same ");
    md.push_str("JSON lines (`scripts/stage-bench-sdk.sh` installs the SDK):\n\n```text\n");
    md.push_str(context.sdk.trim_end());
    md.push_str("\n```\n");
    if let Some(hosts) = &context.hosts {
        md.push_str("\n## The same calls through the Node and Python packages\n\n");
        md.push_str("From `scripts/bench-hosts.sh` in the same run (jco in Node, wasmtime-py in ");
        md.push_str("Python; each package's own instance handling):\n\n```text\n");
        md.push_str(hosts.trim_end());
        md.push_str("\n```\n");
    }
    let path = dir.join(format!("{stem}.md"));
    std::fs::write(&path, md)?;
    Ok(path)
}

/// Characters the chart font has, in the order of [`GLYPHS`].
const FONT_CHARS: &str =
    " %'()+,-./0123456789:<=>ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
/// 5x8 glyphs (row 7 is the descender row), one row per `u8`, bit 4 = leftmost column.
const GLYPHS: [[u8; 8]; 77] = [
    [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00], //
    [0x18, 0x19, 0x02, 0x04, 0x08, 0x13, 0x03, 0x00], // %
    [0x04, 0x04, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00], // '
    [0x02, 0x04, 0x08, 0x08, 0x08, 0x04, 0x02, 0x00], // (
    [0x08, 0x04, 0x02, 0x02, 0x02, 0x04, 0x08, 0x00], // )
    [0x00, 0x04, 0x04, 0x1f, 0x04, 0x04, 0x00, 0x00], // +
    [0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x04, 0x08], // ,
    [0x00, 0x00, 0x00, 0x1f, 0x00, 0x00, 0x00, 0x00], // -
    [0x00, 0x00, 0x00, 0x00, 0x00, 0x0c, 0x0c, 0x00], // .
    [0x00, 0x01, 0x02, 0x04, 0x08, 0x10, 0x00, 0x00], // /
    [0x0e, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0e, 0x00], // 0
    [0x04, 0x0c, 0x04, 0x04, 0x04, 0x04, 0x0e, 0x00], // 1
    [0x0e, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1f, 0x00], // 2
    [0x1f, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0e, 0x00], // 3
    [0x02, 0x06, 0x0a, 0x12, 0x1f, 0x02, 0x02, 0x00], // 4
    [0x1f, 0x10, 0x1e, 0x01, 0x01, 0x11, 0x0e, 0x00], // 5
    [0x06, 0x08, 0x10, 0x1e, 0x11, 0x11, 0x0e, 0x00], // 6
    [0x1f, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08, 0x00], // 7
    [0x0e, 0x11, 0x11, 0x0e, 0x11, 0x11, 0x0e, 0x00], // 8
    [0x0e, 0x11, 0x11, 0x0f, 0x01, 0x02, 0x0c, 0x00], // 9
    [0x00, 0x0c, 0x0c, 0x00, 0x0c, 0x0c, 0x00, 0x00], // :
    [0x02, 0x04, 0x08, 0x10, 0x08, 0x04, 0x02, 0x00], // <
    [0x00, 0x00, 0x1f, 0x00, 0x1f, 0x00, 0x00, 0x00], // =
    [0x08, 0x04, 0x02, 0x01, 0x02, 0x04, 0x08, 0x00], // >
    [0x0e, 0x11, 0x11, 0x1f, 0x11, 0x11, 0x11, 0x00], // A
    [0x1e, 0x11, 0x11, 0x1e, 0x11, 0x11, 0x1e, 0x00], // B
    [0x0e, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0e, 0x00], // C
    [0x1e, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1e, 0x00], // D
    [0x1f, 0x10, 0x10, 0x1e, 0x10, 0x10, 0x1f, 0x00], // E
    [0x1f, 0x10, 0x10, 0x1e, 0x10, 0x10, 0x10, 0x00], // F
    [0x0e, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0f, 0x00], // G
    [0x11, 0x11, 0x11, 0x1f, 0x11, 0x11, 0x11, 0x00], // H
    [0x0e, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0e, 0x00], // I
    [0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0c, 0x00], // J
    [0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11, 0x00], // K
    [0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1f, 0x00], // L
    [0x11, 0x1b, 0x15, 0x15, 0x11, 0x11, 0x11, 0x00], // M
    [0x11, 0x19, 0x15, 0x13, 0x11, 0x11, 0x11, 0x00], // N
    [0x0e, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0e, 0x00], // O
    [0x1e, 0x11, 0x11, 0x1e, 0x10, 0x10, 0x10, 0x00], // P
    [0x0e, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0d, 0x00], // Q
    [0x1e, 0x11, 0x11, 0x1e, 0x14, 0x12, 0x11, 0x00], // R
    [0x0f, 0x10, 0x10, 0x0e, 0x01, 0x01, 0x1e, 0x00], // S
    [0x1f, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x00], // T
    [0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0e, 0x00], // U
    [0x11, 0x11, 0x11, 0x11, 0x11, 0x0a, 0x04, 0x00], // V
    [0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0a, 0x00], // W
    [0x11, 0x11, 0x0a, 0x04, 0x0a, 0x11, 0x11, 0x00], // X
    [0x11, 0x11, 0x0a, 0x04, 0x04, 0x04, 0x04, 0x00], // Y
    [0x1f, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1f, 0x00], // Z
    [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x1f], // _
    [0x00, 0x00, 0x0e, 0x01, 0x0f, 0x11, 0x0f, 0x00], // a
    [0x10, 0x10, 0x1e, 0x11, 0x11, 0x11, 0x1e, 0x00], // b
    [0x00, 0x00, 0x0e, 0x10, 0x10, 0x11, 0x0e, 0x00], // c
    [0x01, 0x01, 0x0f, 0x11, 0x11, 0x11, 0x0f, 0x00], // d
    [0x00, 0x00, 0x0e, 0x11, 0x1f, 0x10, 0x0e, 0x00], // e
    [0x06, 0x09, 0x08, 0x1c, 0x08, 0x08, 0x08, 0x00], // f
    [0x00, 0x00, 0x0f, 0x11, 0x11, 0x0f, 0x01, 0x0e], // g
    [0x10, 0x10, 0x16, 0x19, 0x11, 0x11, 0x11, 0x00], // h
    [0x04, 0x00, 0x0c, 0x04, 0x04, 0x04, 0x0e, 0x00], // i
    [0x02, 0x00, 0x06, 0x02, 0x02, 0x02, 0x12, 0x0c], // j
    [0x10, 0x10, 0x12, 0x14, 0x18, 0x14, 0x12, 0x00], // k
    [0x0c, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0e, 0x00], // l
    [0x00, 0x00, 0x1a, 0x15, 0x15, 0x15, 0x15, 0x00], // m
    [0x00, 0x00, 0x16, 0x19, 0x11, 0x11, 0x11, 0x00], // n
    [0x00, 0x00, 0x0e, 0x11, 0x11, 0x11, 0x0e, 0x00], // o
    [0x00, 0x00, 0x1e, 0x11, 0x11, 0x1e, 0x10, 0x10], // p
    [0x00, 0x00, 0x0f, 0x11, 0x11, 0x0f, 0x01, 0x01], // q
    [0x00, 0x00, 0x16, 0x19, 0x10, 0x10, 0x10, 0x00], // r
    [0x00, 0x00, 0x0f, 0x10, 0x0e, 0x01, 0x1e, 0x00], // s
    [0x08, 0x08, 0x1c, 0x08, 0x08, 0x09, 0x06, 0x00], // t
    [0x00, 0x00, 0x11, 0x11, 0x11, 0x13, 0x0d, 0x00], // u
    [0x00, 0x00, 0x11, 0x11, 0x11, 0x0a, 0x04, 0x00], // v
    [0x00, 0x00, 0x11, 0x11, 0x15, 0x15, 0x0a, 0x00], // w
    [0x00, 0x00, 0x11, 0x0a, 0x04, 0x0a, 0x11, 0x00], // x
    [0x00, 0x00, 0x11, 0x11, 0x11, 0x0f, 0x01, 0x0e], // y
    [0x00, 0x00, 0x1f, 0x02, 0x04, 0x08, 0x1f, 0x00], // z
];

struct Canvas {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

/// Width of one character cell of the font (5 pixels and a gap), in font pixels.
const CELL: usize = 6;

impl Canvas {
    fn rect(&mut self, x0: usize, y0: usize, x1: usize, y1: usize, rgb: [u8; 3]) {
        for y in y0.min(self.height)..y1.min(self.height) {
            for x in x0.min(self.width)..x1.min(self.width) {
                let i = (y * self.width + x) * 3;
                self.pixels[i..i + 3].copy_from_slice(&rgb);
            }
        }
    }

    /// Draws `text` with `draw(along, across)` for every set font pixel: `along` counts font
    /// pixels along the line of text, `across` from the top of the glyphs (characters the font
    /// lacks are drawn as blanks).
    fn glyphs(text: &str, mut draw: impl FnMut(usize, usize)) {
        for (i, ch) in text.chars().enumerate() {
            let Some(index) = FONT_CHARS.find(ch) else {
                continue;
            };
            for (row, bits) in GLYPHS[index].iter().enumerate() {
                for col in 0..5 {
                    if bits & (0x10 >> col) != 0 {
                        draw(i * CELL + col, row);
                    }
                }
            }
        }
    }

    /// Horizontal text with its top-left corner at `(x, y)`, each font pixel `scale` wide.
    fn text(&mut self, x: usize, y: usize, text: &str, scale: usize, rgb: [u8; 3]) {
        Self::glyphs(text, |along, across| {
            let (px, py) = (x + along * scale, y + across * scale);
            self.rect(px, py, px + scale, py + scale, rgb);
        });
    }

    /// Text turned a quarter left (read from bottom to top), starting at `bottom`, with the
    /// glyphs' tops on column `x`.
    fn text_up(&mut self, x: usize, bottom: usize, text: &str, scale: usize, rgb: [u8; 3]) {
        Self::glyphs(text, |along, across| {
            let (px, py) = (
                x + across * scale,
                bottom.saturating_sub((along + 1) * scale),
            );
            self.rect(px, py, px + scale, py + scale, rgb);
        });
    }
}

/// Pixels taken by `text` along its line at `scale`.
fn text_len(text: &str, scale: usize) -> usize {
    (text.chars().count() * CELL).saturating_sub(1) * scale
}

/// Bar colour of a row's group, and the legend's text for it.
fn group_style(group: &str) -> ([u8; 3], &'static str) {
    match group {
        "calls" => ([52, 101, 164], "single calls"),
        _ => (
            [78, 154, 6],
            "per API type (mean over its recorded fixtures)",
        ),
    }
}

/// The chart: one bar per case, height log2(ratio), with a title, the y axis's label and
/// ticks, the native line, each bar's value and case name, and a legend of the two groups.
fn chart(rows: &[Row]) -> Vec<u8> {
    const INK: [u8; 3] = [30, 30, 30];
    const GREY: [u8; 3] = [90, 90, 90];
    let (left, right, top) = (86usize, 24usize, 92usize);
    let (bar, gap) = (22usize, 12usize);
    let plot_h = 360usize;
    let longest = rows.iter().map(|r| text_len(&r.name, 1)).max().unwrap_or(0);
    let bottom = longest + 24;
    let title = "Component time / native time per case (fresh instance per call, one run)";
    let width = (left + right + rows.len() * (bar + gap)).max(text_len(title, 2) + 40);
    let height = top + plot_h + bottom;
    let max_ratio = rows.iter().map(Row::ratio).fold(2.0f64, f64::max);
    let max_exp = max_ratio.log2().ceil().max(1.0) as u32;
    let y_of = |ratio: f64| -> usize {
        let frac = (ratio.max(1.0).log2() / f64::from(max_exp)).min(1.0);
        top + plot_h - (frac * plot_h as f64) as usize
    };
    let mut canvas = Canvas {
        width,
        height,
        pixels: vec![255; width * height * 3],
    };
    canvas.text(
        (width.saturating_sub(text_len(title, 2))) / 2,
        12,
        title,
        2,
        INK,
    );
    // Legend, under the title.
    let mut x = left;
    for group in ["calls", "per API type"] {
        let (colour, label) = group_style(group);
        canvas.rect(x, 44, x + 14, 58, colour);
        canvas.text(x + 20, 47, label, 1, INK);
        x += 20 + text_len(label, 1) + 30;
    }
    canvas.rect(x, 51, x + 24, 53, GREY);
    canvas.text(x + 30, 47, "native = 1x", 1, INK);
    // Y axis: label turned up, ticks at powers of two.
    let label = "component time / native time (log scale)";
    canvas.text_up(10, top + plot_h / 2 + text_len(label, 1) / 2, label, 1, INK);
    for exp in 0..=max_exp {
        let y = y_of(f64::from(1u32 << exp));
        let colour = if exp == 0 { GREY } else { [225, 225, 225] };
        canvas.rect(
            left - 4,
            y,
            width - right,
            y + if exp == 0 { 2 } else { 1 },
            colour,
        );
        let tick = if exp == 0 {
            "native 1x".to_string()
        } else {
            format!("{}x", 1u32 << exp)
        };
        canvas.text(
            left - 8 - text_len(&tick, 1),
            y.saturating_sub(3),
            &tick,
            1,
            GREY,
        );
    }
    canvas.rect(left - 1, top, left, top + plot_h + 1, GREY);
    let base = y_of(1.0);
    for (i, row) in rows.iter().enumerate() {
        let x = left + gap / 2 + i * (bar + gap);
        let ratio = row.ratio();
        let (colour, _) = group_style(row.group);
        let y = y_of(ratio);
        if ratio >= 1.0 {
            canvas.rect(x, y, x + bar, base + 1, colour);
        } else {
            // Faster than native: a short orange stub under the 1x line.
            canvas.rect(x, base, x + bar, base + 4, [245, 121, 0]);
        }
        let value = if ratio >= 10.0 {
            format!("{ratio:.0}x")
        } else {
            format!("{ratio:.1}x")
        };
        let value_x = (x + bar / 2).saturating_sub(text_len(&value, 1) / 2);
        canvas.text(value_x, y.saturating_sub(11), &value, 1, INK);
        // The name reads upwards and ends just under the plot.
        let start = top + plot_h + 10 + text_len(&row.name, 1);
        canvas.text_up(x + bar / 2 - 4, start, &row.name, 1, INK);
    }
    encode_png(&canvas)
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
}

fn encode_png(canvas: &Canvas) -> Vec<u8> {
    let mut raw = Vec::with_capacity((canvas.width * 3 + 1) * canvas.height);
    for row in canvas.pixels.chunks(canvas.width * 3) {
        raw.push(0); // filter: none
        raw.extend_from_slice(row);
    }
    let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    zlib.write_all(&raw).expect("in-memory write");
    let idat = zlib.finish().expect("in-memory write");
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&(canvas.width as u32).to_be_bytes());
    ihdr.extend_from_slice(&(canvas.height as u32).to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB, deflate, no filter, no interlace
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &idat);
    chunk(&mut out, b"IEND", &[]);
    out
}
