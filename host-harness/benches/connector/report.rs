//! The benchmark report: a markdown file and a PNG chart of component / native per case.
//!
//! The chart is drawn into an RGB buffer and encoded here (zlib from `flate2`, chunk CRCs from
//! `crc32fast`, both already in the lock file): no font or drawing library is needed, labels are
//! the case numbers in a built-in 3x5 digit font, and the markdown maps numbers to names.

use std::io::Write;
use std::path::{Path, PathBuf};

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
    /// What `scripts/bench-hosts.sh` printed (the Node and Python packages), when it ran.
    pub hosts: Option<String>,
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
    md.push_str("(the machine is shared and noisy). Component times include a fresh store and ");
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
        "Bars: component time / native time per case (log scale; native = 1, the grey line). ",
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

/// 3x5 digit glyphs, one row per `u8` (bits 2..0 left to right).
const DIGITS: [[u8; 5]; 10] = [
    [7, 5, 5, 5, 7],
    [2, 6, 2, 2, 7],
    [7, 1, 7, 4, 7],
    [7, 1, 7, 1, 7],
    [5, 5, 7, 1, 1],
    [7, 4, 7, 1, 7],
    [7, 4, 7, 5, 7],
    [7, 1, 1, 1, 1],
    [7, 5, 7, 5, 7],
    [7, 5, 7, 1, 7],
];

struct Canvas {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

impl Canvas {
    fn rect(&mut self, x0: usize, y0: usize, x1: usize, y1: usize, rgb: [u8; 3]) {
        for y in y0.min(self.height)..y1.min(self.height) {
            for x in x0.min(self.width)..x1.min(self.width) {
                let i = (y * self.width + x) * 3;
                self.pixels[i..i + 3].copy_from_slice(&rgb);
            }
        }
    }

    /// Draws a number with its left edge at `x`, top at `y`, each font pixel `scale` wide.
    fn number(&mut self, mut x: usize, y: usize, value: usize, scale: usize, rgb: [u8; 3]) {
        for ch in value.to_string().bytes() {
            let glyph = DIGITS[usize::from(ch - b'0')];
            for (row, bits) in glyph.iter().enumerate() {
                for col in 0..3 {
                    if bits & (4 >> col) != 0 {
                        let (px, py) = (x + col * scale, y + row * scale);
                        self.rect(px, py, px + scale, py + scale, rgb);
                    }
                }
            }
            x += 4 * scale;
        }
    }
}

/// The chart: one bar per case, height log2(ratio), grid lines at 1x, 2x, 4x, … labelled.
fn chart(rows: &[Row]) -> Vec<u8> {
    let (left, right, top, bottom) = (60usize, 20usize, 20usize, 40usize);
    let bar = 22usize;
    let gap = 10usize;
    let width = left + right + rows.len() * (bar + gap);
    let height = 420usize;
    let plot_h = height - top - bottom;
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
    for exp in 0..=max_exp {
        let y = y_of(f64::from(1u32 << exp));
        let colour = if exp == 0 {
            [120, 120, 120]
        } else {
            [220, 220, 220]
        };
        canvas.rect(left - 4, y, width - right, y + 1, colour);
        canvas.number(8, y.saturating_sub(5), 1 << exp, 2, [80, 80, 80]);
    }
    for (i, row) in rows.iter().enumerate() {
        let x = left + gap / 2 + i * (bar + gap);
        let ratio = row.ratio();
        let colour = match row.group {
            "calls" => [52, 101, 164],
            _ => [78, 154, 6],
        };
        let y = y_of(ratio);
        let base = y_of(1.0);
        if ratio >= 1.0 {
            canvas.rect(x, y, x + bar, base + 1, colour);
        } else {
            // Faster than native: a short orange stub under the 1x line.
            canvas.rect(x, base, x + bar, base + 4, [245, 121, 0]);
        }
        canvas.number(x + 2, height - bottom + 10, i + 1, 2, [0, 0, 0]);
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
