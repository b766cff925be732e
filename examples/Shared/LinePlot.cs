using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace TorchFluent.Examples;

/// <summary>
/// Draws line charts (loss and accuracy curves) into a PNG file with no dependencies: an RGB canvas, axes with tick
/// labels, one coloured line per series and a legend. The examples use it instead of a plotting library because
/// ScottPlot 5 needs SkiaSharp 3 while TorchVision 0.107 pins SkiaSharp 2.88, and the two cannot share an app.
/// </summary>
internal sealed class LinePlot(string title, string xLabel)
{
    static readonly (byte R, byte G, byte B)[] Palette = [(31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189)];
    readonly List<(string Name, double[] X, double[] Y)> series = [];

    /// <summary>Adds a series; x and y must have the same length.</summary>
    public LinePlot Add(string name, IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count) throw new ArgumentException($"Series '{name}' has {x.Count} x values and {y.Count} y values.");
        series.Add((name, x.ToArray(), y.ToArray()));
        return this;
    }

    /// <summary>Adds a series against 1, 2, 3 ... (epochs).</summary>
    public LinePlot Add(string name, IReadOnlyList<double> y) => Add(name, Enumerable.Range(1, y.Count).Select(i => (double)i).ToArray(), y);

    /// <summary>
    /// Adds the training and validation curves of each Keras-style history key: <c>Curves(history, "loss", "accuracy")</c>
    /// plots "train loss", "validation loss", "train accuracy" and "validation accuracy" per epoch.
    /// </summary>
    public LinePlot Curves(History history, params string[] keys)
    {
        foreach (var key in keys)
        {
            Add("train " + key, history[key]);
            if (history.Keys.Contains("val_" + key)) Add("validation " + key, history["val_" + key]);
        }
        return this;
    }

    /// <summary>Renders the chart and writes it as a PNG file.</summary>
    public void SavePng(string path, int width = 800, int height = 500)
    {
        var canvas = new Canvas(width, height);
        const int left = 90, right = 20, top = 40, bottom = 60;
        var finite = series.SelectMany(s => s.X.Zip(s.Y)).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second)).ToList();
        var (xMin, xMax) = Range(finite.Select(p => p.First));
        var (yMin, yMax) = Range(finite.Select(p => p.Second));
        int Px(double x) => left + (int)Math.Round((x - xMin) / (xMax - xMin) * (width - left - right));
        int Py(double y) => height - bottom - (int)Math.Round((y - yMin) / (yMax - yMin) * (height - top - bottom));

        canvas.Text(title, width / 2 - PixelFont.Measure(title, 2) / 2, 10, 2, (0, 0, 0));
        canvas.Text(xLabel, (left + width - right) / 2 - PixelFont.Measure(xLabel, 2) / 2, height - 22, 2, (0, 0, 0));
        foreach (var tick in Ticks(yMin, yMax))
        {
            var y = Py(tick);
            canvas.Line(left, y, width - right, y, (230, 230, 230));
            var label = Format(tick);
            canvas.Text(label, left - 8 - PixelFont.Measure(label, 1), y - 3, 1, (60, 60, 60));
        }
        foreach (var tick in Ticks(xMin, xMax))
        {
            var x = Px(tick);
            canvas.Line(x, height - bottom, x, height - bottom + 5, (60, 60, 60));
            var label = Format(tick);
            canvas.Text(label, x - PixelFont.Measure(label, 1) / 2, height - bottom + 9, 1, (60, 60, 60));
        }
        canvas.Line(left, top, left, height - bottom, (0, 0, 0));
        canvas.Line(left, height - bottom, width - right, height - bottom, (0, 0, 0));

        for (var s = 0; s < series.Count; s++)
        {
            var color = Palette[s % Palette.Length];
            var (_, xs, ys) = series[s];
            for (var i = 1; i < xs.Length; i++)
            {
                if (!double.IsFinite(ys[i - 1]) || !double.IsFinite(ys[i])) continue;
                canvas.Line(Px(xs[i - 1]), Py(ys[i - 1]), Px(xs[i]), Py(ys[i]), color, thick: true);
            }
            var legendY = top + 8 + s * 14;
            canvas.Line(width - right - 150, legendY + 3, width - right - 130, legendY + 3, color, thick: true);
            canvas.Text(series[s].Name, width - right - 124, legendY, 1, (0, 0, 0));
        }
        File.WriteAllBytes(path, canvas.ToPng());
    }

    static (double Min, double Max) Range(IEnumerable<double> values)
    {
        var list = values.ToList();
        if (list.Count == 0) return (0, 1);
        double min = list.Min(), max = list.Max();
        if (max - min < 1e-12) (min, max) = (min - 0.5, max + 0.5);
        var pad = (max - min) * 0.05;
        return (min - pad, max + pad);
    }

    /// <summary>About five "nice" ticks (1, 2 or 5 times a power of ten) inside [min, max].</summary>
    static IEnumerable<double> Ticks(double min, double max)
    {
        var raw = (max - min) / 5;
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(m => m * power).First(s => s >= raw);
        for (var t = Math.Ceiling(min / step) * step; t <= max + step * 1e-9; t += step)
        {
            var tick = Math.Round(t / step) * step;
            yield return Math.Abs(tick) < step * 1e-9 ? 0 : tick; // never "-0"
        }
    }

    static string Format(double value) => Math.Abs(value) is >= 1e4 or (< 1e-3 and > 0)
        ? value.ToString("0.#E+0", CultureInfo.InvariantCulture)
        : value.ToString("0.####", CultureInfo.InvariantCulture);

    sealed class Canvas(int width, int height)
    {
        readonly byte[] rgb = Enumerable.Repeat((byte)255, width * height * 3).ToArray();

        public void Set(int x, int y, (byte R, byte G, byte B) c)
        {
            if (x < 0 || y < 0 || x >= width || y >= height) return;
            var i = (y * width + x) * 3;
            (rgb[i], rgb[i + 1], rgb[i + 2]) = c;
        }

        /// <summary>Bresenham's line; thick lines are three pixels wide.</summary>
        public void Line(int x0, int y0, int x1, int y1, (byte, byte, byte) c, bool thick = false)
        {
            int dx = Math.Abs(x1 - x0), dy = -Math.Abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, error = dx + dy;
            while (true)
            {
                Set(x0, y0, c);
                if (thick)
                {
                    Set(x0 + 1, y0, c); Set(x0, y0 + 1, c); Set(x0 - 1, y0, c); Set(x0, y0 - 1, c);
                }
                if (x0 == x1 && y0 == y1) return;
                var e2 = 2 * error;
                if (e2 >= dy) { error += dy; x0 += sx; }
                if (e2 <= dx) { error += dx; y0 += sy; }
            }
        }

        public void Text(string text, int x, int y, int scale, (byte, byte, byte) c)
        {
            for (var k = 0; k < text.Length; k++)
                for (var gy = 0; gy < PixelFont.Height; gy++)
                    for (var gx = 0; gx < PixelFont.Width; gx++)
                        if (PixelFont.Ink(text[k], gx, gy))
                            for (var sy = 0; sy < scale; sy++)
                                for (var sx = 0; sx < scale; sx++)
                                    Set(x + (k * (PixelFont.Width + 1) + gx) * scale + sx, y + gy * scale + sy, c);
        }

        /// <summary>8-bit RGB PNG: signature, IHDR, one zlib-compressed IDAT (filter 0 per row), IEND.</summary>
        public byte[] ToPng()
        {
            using var raw = new MemoryStream();
            for (var y = 0; y < height; y++)
            {
                raw.WriteByte(0);
                raw.Write(rgb, y * width * 3, width * 3);
            }
            using var compressed = new MemoryStream();
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) raw.WriteTo(zlib);

            using var png = new MemoryStream();
            png.Write([137, 80, 78, 71, 13, 10, 26, 10]);
            var header = new byte[13];
            BinaryPrimitives.WriteInt32BigEndian(header, width);
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
            header[8] = 8; // bit depth
            header[9] = 2; // colour type: RGB
            Chunk(png, "IHDR", header);
            Chunk(png, "IDAT", compressed.ToArray());
            Chunk(png, "IEND", []);
            return png.ToArray();
        }

        static void Chunk(Stream png, string type, byte[] data)
        {
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
            png.Write(length);
            var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
            png.Write(typeBytes);
            png.Write(data);
            BinaryPrimitives.WriteUInt32BigEndian(length, Crc32(typeBytes, data));
            png.Write(length);
        }

        static uint Crc32(byte[] type, byte[] data)
        {
            var crc = 0xFFFFFFFFu;
            foreach (var b in type.Concat(data))
            {
                crc ^= b;
                for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
            return crc ^ 0xFFFFFFFFu;
        }
    }
}
