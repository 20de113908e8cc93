/**
 * The bench's chart: small line charts side by side in one SVG (no dependency), and a PNG of it
 * through @resvg/resvg-js (a devDependency whose native binary comes in a per-platform registry
 * package), skipped with a note when that package cannot load.
 */

/** One line of a panel. */
export interface Series {
    readonly name: string;
    readonly points: ReadonlyArray<readonly [number, number]>;
}

/** One chart panel. */
export interface Panel {
    readonly title: string;
    readonly xLabel: string;
    readonly yLabel: string;
    readonly series: readonly Series[];
    /** The x values to mark; points are placed by their index among these (even spacing). */
    readonly xTicks: readonly number[];
    /** Labels of the ticks (default: the values). */
    readonly xTickLabels?: readonly string[];
    /** A dashed horizontal line, e.g. a target. */
    readonly target?: { readonly value: number; readonly label: string };
}

const colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];
const panelWidth = 360;
const panelHeight = 300;
const margin = { left: 48, right: 28, top: 34, bottom: 92 };

function escapeXml(text: string): string {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function niceMax(value: number): number {
    if (!(value > 0)) return 1;
    const power = 10 ** Math.floor(Math.log10(value));
    for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (step * power >= value) return step * power;
    return 10 * power;
}

function panelSvg(panel: Panel, offsetX: number): string {
    const plotW = panelWidth - margin.left - margin.right;
    const plotH = panelHeight - margin.top - margin.bottom;
    const values = panel.series.flatMap((s) => s.points.map(([, y]) => y)).filter(Number.isFinite);
    const yMax = niceMax(Math.max(...values, panel.target?.value ?? 0) * 1.05);
    const xAt = (x: number) => {
        const index = panel.xTicks.indexOf(x);
        return margin.left + (panel.xTicks.length === 1 ? plotW / 2 : (index / (panel.xTicks.length - 1)) * plotW);
    };
    const yAt = (y: number) => margin.top + plotH - (y / yMax) * plotH;
    const parts: string[] = [`<g transform="translate(${offsetX},0)">`];
    parts.push(`<text x="${panelWidth / 2}" y="18" text-anchor="middle" font-size="13" font-weight="bold">${escapeXml(panel.title)}</text>`);
    for (let i = 0; i <= 4; i++) {
        const y = (yMax * i) / 4;
        parts.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${yAt(y)}" y2="${yAt(y)}" stroke="#ddd"/>`);
        parts.push(`<text x="${margin.left - 4}" y="${yAt(y) + 4}" text-anchor="end" font-size="10">${Number(y.toPrecision(3))}</text>`);
    }
    panel.xTicks.forEach((x, i) => {
        parts.push(
            `<text x="${xAt(x)}" y="${margin.top + plotH + 14}" text-anchor="middle" font-size="10">${escapeXml(panel.xTickLabels?.[i] ?? String(x))}</text>`,
        );
    });
    parts.push(`<text x="${margin.left + plotW / 2}" y="${margin.top + plotH + 28}" text-anchor="middle" font-size="11">${escapeXml(panel.xLabel)}</text>`);
    parts.push(`<text transform="translate(12,${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="11">${escapeXml(panel.yLabel)}</text>`);
    parts.push(`<rect x="${margin.left}" y="${margin.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`);
    if (panel.target) {
        const y = yAt(panel.target.value);
        parts.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${y}" y2="${y}" stroke="#000" stroke-dasharray="5,4"/>`);
        parts.push(`<text x="${margin.left + plotW - 2}" y="${y - 4}" text-anchor="end" font-size="10">${escapeXml(panel.target.label)}</text>`);
    }
    panel.series.forEach((series, i) => {
        const colour = colours[i % colours.length]!;
        const points = series.points
            .filter(([x, y]) => panel.xTicks.includes(x) && Number.isFinite(y))
            .sort((a, b) => panel.xTicks.indexOf(a[0]) - panel.xTicks.indexOf(b[0]));
        if (points.length > 1) {
            parts.push(
                `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points.map(([x, y]) => `${xAt(x).toFixed(1)},${yAt(y).toFixed(1)}`).join(" ")}"/>`,
            );
        }
        for (const [x, y] of points) parts.push(`<circle cx="${xAt(x).toFixed(1)}" cy="${yAt(y).toFixed(1)}" r="3" fill="${colour}"/>`);
        const column = i % 2;
        const row = Math.floor(i / 2);
        const lx = margin.left + column * (plotW / 2);
        const ly = margin.top + plotH + 46 + row * 14;
        parts.push(`<rect x="${lx}" y="${ly - 8}" width="10" height="10" fill="${colour}"/>`);
        parts.push(`<text x="${lx + 14}" y="${ly + 1}" font-size="10">${escapeXml(series.name)}</text>`);
    });
    parts.push("</g>");
    return parts.join("\n");
}

/** The panels side by side, with a caption line under them. */
export function chartSvg(panels: readonly Panel[], caption: string): string {
    const width = panels.length * panelWidth;
    const height = panelHeight + 22;
    return [
        `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif">`,
        `<rect width="100%" height="100%" fill="#fff"/>`,
        ...panels.map((panel, i) => panelSvg(panel, i * panelWidth)),
        `<text x="8" y="${height - 8}" font-size="10" fill="#555">${escapeXml(caption)}</text>`,
        "</svg>",
    ].join("\n");
}

/** Renders an SVG to PNG with @resvg/resvg-js; undefined (and why) when the package cannot load. */
export async function renderPng(svg: string): Promise<{ png?: Buffer; problem?: string }> {
    try {
        const { Resvg } = (await import("@resvg/resvg-js")) as typeof import("@resvg/resvg-js");
        const rendered = new Resvg(svg, { fitTo: { mode: "zoom", value: 2 }, font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" } }).render();
        return { png: rendered.asPng() };
    } catch (error) {
        return { problem: `PNG not rendered (@resvg/resvg-js: ${error instanceof Error ? error.message : String(error)}); the SVG is complete` };
    }
}
