import Foundation

/// The portal's CSS. Served from a route (not a file on disk) so the binary works from any
/// directory; the version in the URL busts caches when it changes.
enum Stylesheet {
    static let version = "14"

    /// Brand colours come from the database: only `#rrggbb` is let into the stylesheet.
    static func isSafeColor(_ s: String) -> Bool {
        s.count == 7 && s.hasPrefix("#") && s.dropFirst().allSatisfy { $0.isHexDigit }
    }

    // Colours: text #1a1a1a on white (17:1); links #004f9f (8:1); errors #b00020 (6.9:1);
    // focus: a 3 px #ffbf47 outline with a dark inner ring, visible on light and dark.
    static let css = """
        *,*::before,*::after{box-sizing:border-box}
        html{font-size:100%;-webkit-text-size-adjust:100%}
        body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:1.125rem;line-height:1.5;color:#1a1a1a;background:#fff}
        .container{max-width:48rem;margin:0 auto;padding:0 1rem}
        .area-staff .container{max-width:72rem}
        a{color:#004f9f;text-decoration:underline;text-underline-offset:.15em}
        a:visited{color:#5a2d82}
        a:hover{color:#002f5f;text-decoration-thickness:2px}
        :focus-visible{outline:3px solid #ffbf47;outline-offset:0;box-shadow:0 0 0 6px #1a1a1a}
        a:focus-visible{background:#ffbf47;color:#1a1a1a;box-shadow:0 4px 0 #1a1a1a;outline:none;text-decoration:none}
        .skip-link{position:absolute;left:-9999px;top:0;padding:.75rem 1rem;background:#ffbf47;color:#1a1a1a;z-index:10}
        .skip-link:focus{left:0}
        .test-banner{background:#fff4d6;color:#1a1a1a;border-bottom:2px solid #8a5a00;padding:.5rem 1rem;text-align:center;font-size:1rem}
        .site-header{background:#1f3a5f;color:#fff}
        .brand-default{background:#1f3a5f}
        .header-inner{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem;padding-top:.75rem;padding-bottom:.75rem}
        .site-name{color:#fff;font-weight:700;font-size:1.25rem;text-decoration:none;min-height:44px;display:inline-flex;align-items:center;gap:.5rem}
        .site-name:visited,.site-name:hover{color:#fff}
        .kommune-name{font-weight:400}
        .nav-list{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center}
        .nav-list a,.nav-list .link-button{color:#fff;min-height:44px;display:inline-flex;align-items:center}
        .nav-list a:visited{color:#fff}
        .nav-list a:focus-visible{color:#1a1a1a}
        .nav-user{color:#fff}
        main{display:block;padding:1.5rem 0 3rem}
        main:focus{outline:none}
        h1{font-size:2rem;line-height:1.2;margin:0 0 1rem}
        h2{font-size:1.5rem;line-height:1.25;margin:2rem 0 .75rem}
        .lead{font-size:1.25rem}
        .muted{color:#4a4a4a}
        .pre-line{white-space:pre-line}
        .site-footer{border-top:1px solid #b1b4b6;background:#f3f2f1;padding:1.5rem 0;font-size:1rem}
        .card-list,.case-list,.letter-list,.plain-list{list-style:none;padding:0;margin:0}
        .card{border:1px solid #b1b4b6;border-radius:4px;padding:1rem;margin:0 0 1rem}
        .card.unread{border-left:6px solid #004f9f}
        .card-title{font-size:1.25rem;margin:0 0 .5rem}
        .card-link{font-weight:700;font-size:1.25rem}
        .button{display:inline-block;min-height:44px;padding:.6rem 1.2rem;border:0;border-radius:4px;background:#00703c;color:#fff;font:inherit;font-weight:700;cursor:pointer;text-decoration:none;box-shadow:0 2px 0 #002d18;margin:.5rem 0 1rem}
        .button:visited,.button:hover{color:#fff}
        .button:hover{background:#005a30}
        .button:focus-visible{background:#ffbf47;color:#1a1a1a;outline:3px solid transparent;box-shadow:inset 0 0 0 1px #ffbf47,0 2px 0 #1a1a1a}
        .button-start{font-size:1.25rem}
        .button-secondary{background:#e8e8e8;color:#1a1a1a;box-shadow:0 2px 0 #6f6f6f}
        .button-secondary:hover{background:#d0d0d0;color:#1a1a1a}
        .button-warning{background:#b00020;box-shadow:0 2px 0 #5c0011}
        .button-warning:hover{background:#8a0019}
        [hidden]{display:none!important}
        .room-status{font-weight:700;min-height:1.5em}
        .room-videos{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:1rem}
        .room-video{margin:0}
        .room-video video,.room-preview{width:100%;max-width:480px;aspect-ratio:4/3;background:#1a1a1a;display:block}
        .room-video figcaption{font-weight:700;padding:.25rem 0}
        .room-self video{max-width:240px}
        .room-controls{display:flex;flex-wrap:wrap;gap:.75rem;margin:1rem 0}
        .room-controls .button{margin:0}
        .room-controls [aria-pressed="true"]{background:#1a1a1a;color:#fff}
        .room-controls [aria-pressed="true"]::before{content:"\\2713\\00a0"}
        .room-chat{list-style:none;padding:0;max-height:12rem;overflow:auto}
        .link-button{background:none;border:0;padding:0;font:inherit;color:#004f9f;text-decoration:underline;cursor:pointer;min-height:44px}
        .inline-form{display:inline}
        .form-group{margin:0 0 1.5rem}
        .form-group.inline{display:inline-block;margin-right:1rem;vertical-align:bottom;max-width:100%}
        .form-group-error{border-left:5px solid #b00020;padding-left:.75rem}
        .label{display:block;font-weight:700;margin-bottom:.25rem}
        legend.label{padding:0}
        fieldset{border:0;margin:0;padding:0;min-width:0}
        .hint{color:#4a4a4a;margin-bottom:.5rem}
        .hint p{margin:0 0 .25rem}
        .condition{font-style:italic}
        .field-error{color:#b00020;font-weight:700;margin:0 0 .5rem}
        .input{font:inherit;border:2px solid #1a1a1a;border-radius:0;padding:.4rem;min-height:44px;max-width:100%;background:#fff;color:#1a1a1a}
        .input:focus-visible{outline:3px solid #ffbf47;box-shadow:inset 0 0 0 2px #1a1a1a}
        .form-group-error .input,.input[aria-invalid="true"]{border-color:#b00020}
        .form-group-error .address-part:not(.form-group-error) .input:not([aria-invalid="true"]){border-color:#1a1a1a}
        .w-full{width:100%}.w-5{width:6rem}.w-10{width:11rem}.w-11{width:13rem}.w-20{width:20rem}
        .radios .radio{display:flex;align-items:center;gap:.5rem;margin:.25rem 0;min-height:44px}
        .radio input{width:1.5rem;height:1.5rem;margin:0;accent-color:#1a1a1a}
        .radio label{cursor:pointer;padding:.25rem 0}
        .error-summary,.field-error,.hint,.summary-list dd,td,.card p,h1,h2,h3{overflow-wrap:anywhere}
        .checkbox{display:flex;align-items:center;gap:.5rem;min-height:44px}
        .checkbox input{width:1.5rem;height:1.5rem;margin:0;accent-color:#1a1a1a}
        .checkbox label{cursor:pointer;padding:.25rem 0}
        .address-part{margin-bottom:.75rem}
        .address-part label{display:block;margin-bottom:.25rem}
        .conditional{border-left:4px solid #b1b4b6;padding-left:1rem}
        .conditional.form-group-error{border-left-color:#b00020}
        .error-summary{border:5px solid #b00020;padding:1rem;margin:0 0 1.5rem}
        .error-summary:focus{outline:3px solid #ffbf47}
        .error-summary-title{margin-top:0;font-size:1.375rem}
        .error-summary a{color:#b00020;font-weight:700}
        .warning-panel{border-left:6px solid #8a5a00;background:#fff4d6;padding:.75rem 1rem;margin-bottom:1.5rem}
        .panel-confirmation{background:#00703c;color:#fff;padding:1.5rem;text-align:center;margin-bottom:1.5rem}
        .panel-confirmation h1{color:#fff}
        .case-number{font-size:2rem}
        .step-progress{color:#505a5f;margin-bottom:.25rem}
        .caption{display:block;color:#505a5f;font-size:1.1rem}
        .steps{list-style:none;padding:0;margin:0 0 1.5rem;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
        .step{color:#505a5f;padding-bottom:.25rem;border-bottom:4px solid #b1b4b6}
        .step-done{color:#0b0c0c;border-bottom-color:#00703c}
        .step-current{color:#0b0c0c;font-weight:700;border-bottom-color:#1d70b8}
        .default-submit{position:absolute;left:-9999px;width:1px;height:1px;overflow:hidden}
        .group-entry{border-left:4px solid #b1b4b6;padding-left:1rem;margin-bottom:1.5rem}
        .button-group{display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
        .button-group .button{margin-right:0}
        .file-list{padding-left:1.25rem}
        .file-list li{margin-bottom:.5rem}
        .panel-success{border-left:6px solid #00703c;background:#e6f4ec;padding:.5rem 1rem;margin-bottom:1rem}
        .panel-warning{border-left:6px solid #b54708;background:#fff4e5;padding:.5rem 1rem;margin-bottom:1rem}
        .panel-preview{border:3px dashed #505a5f;padding:.5rem 1rem;margin-bottom:1.5rem}
        textarea.code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9rem;line-height:1.4}
        .inline-list{list-style:none;padding:0;margin:.25rem 0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
        .summary-list{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,2fr) auto;margin:0 0 1.5rem;border-top:1px solid #b1b4b6}
        .summary-list>dt,.summary-list>dd{margin:0;padding:.5rem 1rem .5rem 0;border-bottom:1px solid #b1b4b6;overflow-wrap:anywhere}
        .summary-list>dt{font-weight:700}
        .summary-list>dd{white-space:pre-wrap}
        .summary-list>.summary-action{text-align:right;padding-right:0}
        @media (max-width:40rem){.summary-list{grid-template-columns:1fr}.summary-list>dt{border-bottom:0;padding-bottom:0}.summary-list>dd:not(.summary-action){border-bottom:0;padding-top:.25rem}.summary-list>.summary-action{text-align:left;padding-top:0}}
        .tag{display:inline-block;padding:.1rem .5rem;font-weight:700;font-size:1rem;border:2px solid currentColor}
        .tag-mottatt{color:#004f9f;background:#eaf2fb}
        .tag-under_behandling{color:#6b4500;background:#fff4d6}
        .tag-avsluttet{color:#005a30;background:#e6f4ec}
        .tag-venter_pa_soker{color:#5a2d82;background:#f3ecfa}
        .tag-paklaget,.tag-oversendt,.tag-appeal{color:#7a2e00;background:#fdf0e6}
        .tag-attention{color:#fff;background:#1d4f91;border-color:#1d4f91}
        .message{border-left:4px solid #1d4f91;padding:.5rem 1rem;margin:0 0 1rem;background:#fff}
        .message-in{border-left-color:#5a2d82}
        .message-note{border-left-color:#6b4500;background:#fff8e6}
        .message-meta{margin:0 0 .25rem;color:#4a4a4a;font-size:.95rem}
        .message-body{white-space:pre-wrap;margin:0}
        .tag-unread{color:#004f9f;background:#eaf2fb}
        .tag-shipment-lest,.tag-shipment-printet,.tag-shipment-varslet,.tag-shipment-akseptert{color:#005a30;background:#e6f4ec}
        .tag-shipment-ikke_levert,.tag-shipment-avvist{color:#fff;background:#b00020;border-color:#b00020}
        .tag-overdue{color:#fff;background:#b00020;border-color:#b00020}
        .timeline{list-style:none;padding:0;margin:0 0 1.5rem;border-left:3px solid #1f3a5f}
        .timeline li{padding:.25rem 0 .75rem 1rem}
        .timeline time{display:block;font-weight:700}
        .table-wrap{overflow-x:auto;margin-bottom:1rem;position:relative}
        .table{border-collapse:collapse;width:100%;font-size:1rem}
        .table th,.table td{text-align:left;padding:.5rem;border-bottom:1px solid #b1b4b6;vertical-align:top}
        .table th{border-bottom:2px solid #1a1a1a}
        .table tr.overdue td{background:#fdecee}
        .nowrap{white-space:nowrap}
        @media (max-width:40rem){.table-stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}.table-stack,.table-stack tbody,.table-stack tr,.table-stack td{display:block;width:100%}.table-stack tr{border-bottom:2px solid #b1b4b6;padding:.25rem 0}.table-stack td{display:grid;grid-template-columns:minmax(6rem,40%) 1fr;gap:.5rem;border-bottom:0;padding:.25rem 0}.table-stack td::before{content:attr(data-label);font-weight:700}}
        .filters{margin-bottom:1rem}
        .pagination{display:flex;gap:1rem;align-items:center}
        .letter{border:1px solid #b1b4b6;padding:1.5rem;margin-bottom:1.5rem}
        .letter h2{font-size:1.25rem;margin:1.5rem 0 .5rem}
        .decision-form{border-top:4px solid #1f3a5f;margin-top:2rem}
        .diff td:first-child{white-space:nowrap;width:6rem}.diff-removed{background:#fde8e8}.diff-added{background:#e6f4ea}
        .diff del,.diff ins{text-decoration:none}
        code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:1rem;background:#f3f2f1;padding:0 .25rem;overflow-wrap:anywhere}
        .visually-hidden{position:absolute!important;width:1px!important;height:1px!important;margin:0!important;padding:0!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;clip-path:inset(50%)!important;border:0!important;white-space:nowrap!important}
        @media (min-width:40rem){h1{font-size:2.5rem}}
        .figures{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:1rem}
        .figure{border:1px solid #b1b4b6;padding:1rem;display:flex;flex-direction:column;gap:.25rem}
        .figure-label{font-weight:700}.figure-value{font-size:1.75rem;font-weight:700}.figure-detail{color:#505a5f}
        .chart-pair{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,1fr);gap:1rem;align-items:start;margin-bottom:1.5rem}
        @media (max-width:50rem){.chart-pair{grid-template-columns:1fr}}
        .chart{width:100%;height:auto}.chart-grid{stroke:#d8dde0}.chart-axis{font-size:11px;fill:#0b0c0c}
        .bar-1{fill:#1d70b8}.bar-2{fill:#b58840}
        table.compact th,table.compact td{padding:.25rem .5rem}caption{text-align:left;font-weight:700}
        @media print{.site-header,.site-footer,.skip-link,.test-banner,nav,.no-print{display:none}.figure,.card,.chart-pair{break-inside:avoid}a{color:#000;text-decoration:none}details>p{display:block}}
        """
}
