import Foundation
import RadhusCore
import Vapor

/// The video room's page (issue 22): the same page for the caseworker, the applicant and
/// guests. Without JavaScript it says how else to meet; with it, the lobby (devices, the
/// choice to go through the kommune's server), then the stage (the videos, mute, camera, screen
/// sharing, leave, the people waiting for hosts, the chat). Every control is a real button or
/// form control in the page, so the room is used by keyboard as any other page.
enum MeetingRoomPage {
    enum Window: Sendable, Equatable {
        case open
        case notYet(opens: Date)
        case over
    }

    struct Model: Sendable {
        var kommune: Municipality.Snapshot
        var saksnummer: String
        var start: Date
        var end: Date
        var window: Window
        /// The WebSocket's path (the guest's carries their token).
        var socket: String
        var relayAvailable: Bool
        /// Where «back» goes: the case (staff or applicant), none for a guest.
        var back: String?
    }

    static func view(_ m: Model, ctx: PageContext) -> Page {
        let t = ctx.t
        let cal = NorwegianCalendar()
        let when = cal.norwegianDateTime(m.start) + "–" + cal.norwegianDateTime(m.end).suffix(5)
        return Layout.page(
            ctx, title: [t.roomTitle, m.saksnummer], script: m.window == .open ? SiteURL.roomScript.path : nil
        ) {
            el("h1") { t.roomHeading(m.kommune.name) }
            el("p", .cls("lead")) { t.roomWhen(String(when), m.saksnummer) }
            switch m.window {
            case .notYet(let opens):
                el("p") { t.roomOpens(cal.norwegianDateTime(opens)) }
            case .over:
                el("p") { t.roomClosed }
            case .open:
                room(m, t: t)
            }
            if let back = m.back { el("p") { el("a", .href(back)) { t.backToCase } } }
        }
    }

    static func room(_ m: Model, t: Strings) -> Node {
        let texts = (try? JSONEncoder().encode(t.roomScriptTexts)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return el("div", .id("room"), .attr("data-socket", m.socket)) {
            el("noscript") { el("p", .cls("notice")) { t.roomNoScript } }
            // Data for the script, not script: `<` is escaped so no text can end the block.
            el("script", .type("application/json"), .id("room-texts")) {
                Node.raw(texts.replacingOccurrences(of: "<", with: "\\u003c"))
            }
            el("p", .id("room-status"), .cls("room-status"), .attr("role", "status"), .attr("aria-live", "polite")) {}
            el("section", .id("room-lobby"), .attr("aria-labelledby", "room-lobby-h"), .flag("hidden")) {
                el("h2", .id("room-lobby-h")) { t.roomBefore }
                el("p") { t.roomBeforeIntro }
                el(
                    "video", .id("preview"), .cls("room-preview"), .flag("autoplay"), .flag("muted"),
                    .flag("playsinline"),
                    .attr("aria-label", t.yourself)
                ) {}
                el("div", .cls("form-group")) {
                    el("label", .cls("label"), .for("camera")) { t.yourCamera }
                    el("select", .id("camera"), .cls("input")) {}
                }
                el("div", .cls("form-group")) {
                    el("label", .cls("label"), .for("microphone")) { t.yourMicrophone }
                    el("select", .id("microphone"), .cls("input")) {}
                }
                if m.relayAvailable {
                    el("div", .cls("checkbox")) {
                        void("input", .type("checkbox"), .id("relay"))
                        el("label", .for("relay")) { t.relayChoice }
                    }
                }
                el("button", .type("button"), .id("join"), .cls("button")) { t.joinMeeting }
            }
            el("section", .id("room-stage"), .attr("aria-labelledby", "room-stage-h"), .flag("hidden")) {
                el("h2", .id("room-stage-h")) { t.inMeetingHeading }
                el("div", .id("room-videos"), .cls("room-videos")) {}
                el("div", .cls("room-controls")) {
                    el(
                        "button", .type("button"), .id("mute"), .cls("button button-secondary"),
                        .attr("aria-pressed", "false")
                    ) {
                        t.muteMicrophone
                    }
                    el(
                        "button", .type("button"), .id("camera-off"), .cls("button button-secondary"),
                        .attr("aria-pressed", "false")
                    ) {
                        t.turnOffCamera
                    }
                    el(
                        "button", .type("button"), .id("share"), .cls("button button-secondary"),
                        .attr("aria-pressed", "false")
                    ) {
                        t.shareScreen
                    }
                    el("button", .type("button"), .id("leave"), .cls("button button-warning")) { t.leaveMeeting }
                }
                el("section", .id("room-waiting"), .attr("aria-labelledby", "room-waiting-h"), .flag("hidden")) {
                    el("h3", .id("room-waiting-h")) { t.lobbyHeading }
                    el("ul", .id("room-waiting-list"), .cls("list-plain")) {}
                }
                el("section", .attr("aria-labelledby", "room-chat-h")) {
                    el("h3", .id("room-chat-h")) { t.chatHeading }
                    el("ol", .id("room-chat-log"), .cls("room-chat"), .attr("aria-live", "polite")) {}
                    el("form", .id("room-chat-form"), .attr("action", "#")) {
                        el("div", .cls("form-group")) {
                            el("label", .cls("label"), .for("room-chat-text")) { t.chatMessage }
                            void(
                                "input", .type("text"), .id("room-chat-text"), .cls("input"),
                                .attr("maxlength", String(RoomChat.maxLength)),
                                .attr("autocomplete", "off"))
                        }
                        el("button", .type("submit"), .cls("button button-secondary")) { t.chatSend }
                    }
                }
            }
            el("section", .id("room-left"), .attr("aria-labelledby", "room-left-h"), .flag("hidden")) {
                el("h2", .id("room-left-h")) { t.leftHeading }
                el("button", .type("button"), .id("room-rejoin"), .cls("button")) { t.rejoin }
            }
        }
    }
}
