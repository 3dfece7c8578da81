import Foundation
import RadhusCore

/// Bar charts as SVG, drawn on the server (no script), each given a title for assistive
/// technology and meant to sit beside a table with the same numbers.
enum Chart {
    struct Series {
        var label: String
        var values: [Double]
        var cssClass: String
    }

    /// Grouped bars, one group per category (months), one bar per series.
    static func bars(id: String, title: String, categories: [String], series: [Series], unit: String = "") -> Node {
        let width = 640.0
        let height = 240.0
        let left = 44.0
        let bottom = 36.0
        let top = 12.0
        let maxValue = max(1, series.flatMap(\.values).max() ?? 1)
        let plotH = height - bottom - top
        let plotW = width - left - 8
        let groupW = plotW / Double(max(1, categories.count))
        let barW = max(2, (groupW - 6) / Double(max(1, series.count)))
        var svg =
            #"<svg class="chart" viewBox="0 0 \#(Int(width)) \#(Int(height))" role="img" aria-labelledby="\#(id)-title" preserveAspectRatio="xMinYMin meet">"#
        svg += #"<title id="\#(id)-title">\#(Node.escape(title))</title>"#
        for step in 0...4 {
            let v = maxValue * Double(step) / 4
            let y = top + plotH - plotH * Double(step) / 4
            svg += #"<line x1="\#(left)" x2="\#(width - 8)" y1="\#(y)" y2="\#(y)" class="chart-grid"/>"#
            svg +=
                #"<text x="\#(left - 4)" y="\#(y + 4)" text-anchor="end" class="chart-axis">\#(Node.escape(Gains.number(v, decimals: v < 10 ? 1 : 0)))\#(unit)</text>"#
        }
        for (i, c) in categories.enumerated() {
            let x0 = left + Double(i) * groupW + 3
            for (j, s) in series.enumerated() {
                let v = i < s.values.count ? s.values[i] : 0
                let h = plotH * v / maxValue
                svg +=
                    #"<rect x="\#(x0 + Double(j) * barW)" y="\#(top + plotH - h)" width="\#(barW - 1)" height="\#(h)" class="\#(s.cssClass)"/>"#
            }
            svg +=
                #"<text x="\#(x0 + groupW / 2 - 3)" y="\#(height - bottom + 14)" text-anchor="middle" class="chart-axis">\#(Node.escape(c))</text>"#
        }
        var lx = left
        for s in series {
            svg += #"<rect x="\#(lx)" y="\#(height - 14)" width="10" height="10" class="\#(s.cssClass)"/>"#
            svg += #"<text x="\#(lx + 14)" y="\#(height - 5)" class="chart-axis">\#(Node.escape(s.label))</text>"#
            lx += 24 + Double(s.label.count) * 7
        }
        svg += "</svg>"
        return .raw(svg)
    }
}
