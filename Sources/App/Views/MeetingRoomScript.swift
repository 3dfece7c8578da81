/// The video room's script (issue 22): the only JavaScript in Radhus, because a video meeting
/// cannot exist without it. Served like the stylesheet (a route, the version in the name), so
/// the page's CSP keeps `script-src 'self'` with no inline script. Its texts come from the page
/// (a JSON data block in the reader's language), so the script has no words of its own.
///
/// What it does: camera and microphone (choice of device, mute, camera off), the signalling
/// WebSocket, one RTCPeerConnection per other participant (the newcomer offers to those
/// already in), screen sharing by replacing the outgoing video track, the lobby for hosts, text
/// chat, and clear messages when the browser or the network cannot connect.
/// `window.radhusRoom.stats()` sums the inbound RTP bytes and names the candidate pairs in use
/// (the browser suite reads it; a person can too, from the console).
enum MeetingRoomScript {
    static let version = "2"

    static let js = #"""
        "use strict";
        (() => {
          const root = document.getElementById("room");
          if (!root) return;
          const T = JSON.parse(document.getElementById("room-texts").textContent);
          const $ = (id) => document.getElementById(id);
          const status = $("room-status");
          const say = (text) => { status.textContent = text; };
          const peers = new Map();
          let socket = null, me = null, role = null, iceServers = [], local = null, screen = null, cameraTrack = null;
          let joined = false, leaving = false, self_ = null;

          if (!window.RTCPeerConnection || !navigator.mediaDevices || !window.WebSocket) {
            say(T.unsupported);
            $("join").disabled = true;
            return;
          }
          $("room-lobby").hidden = false;

          async function startMedia() {
            const camera = $("camera").value, microphone = $("microphone").value;
            const constraints = {
              audio: microphone ? { deviceId: { exact: microphone } } : true,
              video: camera ? { deviceId: { exact: camera } } : true,
            };
            try {
              const stream = await navigator.mediaDevices.getUserMedia(constraints);
              if (local) local.getTracks().forEach((t) => t.stop());
              local = stream;
              cameraTrack = stream.getVideoTracks()[0] || null;
              $("preview").srcObject = stream;
              if (self_) self_.querySelector("video").srcObject = stream;
              await listDevices();
              for (const p of peers.values()) replaceTracks(p.pc);
            } catch (e) {
              say(T.noMedia);
            }
          }

          async function listDevices() {
            const devices = await navigator.mediaDevices.enumerateDevices();
            for (const [kind, id] of [["videoinput", "camera"], ["audioinput", "microphone"]]) {
              const select = $(id), current = select.value;
              const inUse = local && (kind === "videoinput" ? local.getVideoTracks()[0] : local.getAudioTracks()[0]);
              const using = inUse ? inUse.getSettings().deviceId : "";
              select.textContent = "";
              devices.filter((d) => d.kind === kind).forEach((d, i) => {
                const o = document.createElement("option");
                o.value = d.deviceId;
                o.textContent = d.label || (kind === "videoinput" ? T.camera : T.microphone) + " " + (i + 1);
                if (d.deviceId === (current || using)) o.selected = true;
                select.appendChild(o);
              });
            }
          }

          function replaceTracks(pc) {
            for (const sender of pc.getSenders()) {
              if (!sender.track) continue;
              const next = sender.track.kind === "video"
                ? (screen ? screen.getVideoTracks()[0] : cameraTrack)
                : local && local.getAudioTracks()[0];
              if (next && next !== sender.track) sender.replaceTrack(next);
            }
          }

          function send(message) {
            if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
          }

          function connect() {
            const scheme = location.protocol === "https:" ? "wss://" : "ws://";
            socket = new WebSocket(scheme + location.host + root.dataset.socket);
            let opened = false;
            socket.onopen = () => { opened = true; };
            socket.onmessage = (event) => handle(JSON.parse(event.data));
            socket.onclose = () => {
              if (leaving) return;
              say(opened ? T.disconnected : T.refused);
              endCall(false);
            };
          }

          function handle(m) {
            switch (m.type) {
              case "welcome":
                me = m.you; role = m.role;
                break;
              case "waiting":
                say(T.waiting);
                break;
              case "admitted":
                iceServers = m.iceServers || [];
                enterStage();
                say(m.peers.length ? T.inMeeting : T.aloneInMeeting);
                for (const p of m.peers) makePeer(p.id, p.name, true);
                break;
              case "joined":
                makePeer(m.id, m.name, false);
                say(T.joinedName.replace("%@", m.name));
                break;
              case "left":
                dropPeer(m.id);
                break;
              case "signal":
                onSignal(m.from, m.data);
                break;
              case "lobby":
                showLobby(m.waiting);
                break;
              case "chat":
                addChat(m.name, m.text);
                break;
              case "refused":
                say(T.full);
                break;
            }
          }

          function enterStage() {
            if (joined) return;
            joined = true;
            $("room-lobby").hidden = true;
            $("room-stage").hidden = false;
            if (local) {
              // Oneself, small and muted, first among the videos.
              self_ = document.createElement("figure");
              self_.className = "room-video room-self";
              const video = document.createElement("video");
              video.autoplay = true; video.muted = true; video.playsInline = true;
              video.setAttribute("aria-label", T.yourself);
              video.srcObject = local;
              const caption = document.createElement("figcaption");
              caption.textContent = T.yourself;
              self_.append(video, caption);
              $("room-videos").prepend(self_);
            }
            $("mute").focus();
          }

          function makePeer(id, name, offering) {
            if (peers.has(id)) return peers.get(id);
            const policy = $("relay") && $("relay").checked ? "relay" : "all";
            const pc = new RTCPeerConnection({ iceServers, iceTransportPolicy: policy });
            const figure = document.createElement("figure");
            figure.className = "room-video";
            const video = document.createElement("video");
            video.autoplay = true; video.playsInline = true;
            video.setAttribute("aria-label", T.videoOf.replace("%@", name));
            const caption = document.createElement("figcaption");
            caption.textContent = name;
            figure.append(video, caption);
            $("room-videos").appendChild(figure);
            const peer = { pc, name, figure, video, pending: [] };
            peers.set(id, peer);
            if (local) local.getTracks().forEach((t) => pc.addTrack(t, local));
            if (screen) replaceTracks(pc);
            pc.ontrack = (event) => { video.srcObject = event.streams[0] || new MediaStream([event.track]); };
            pc.onicecandidate = (event) => { if (event.candidate) send({ type: "signal", to: id, data: { candidate: event.candidate } }); };
            pc.onconnectionstatechange = () => {
              if (pc.connectionState === "failed") say(T.cannotConnect.replace("%@", name));
              if (pc.connectionState === "connected") say(T.connectedTo.replace("%@", name));
            };
            if (offering) {
              pc.createOffer().then((offer) => pc.setLocalDescription(offer))
                .then(() => send({ type: "signal", to: id, data: { description: pc.localDescription } }));
            }
            return peer;
          }

          async function onSignal(from, data) {
            const peer = peers.get(from);
            if (!peer || !data) return;
            const pc = peer.pc;
            if (data.description) {
              await pc.setRemoteDescription(data.description);
              for (const c of peer.pending) await pc.addIceCandidate(c);
              peer.pending = [];
              if (data.description.type === "offer") {
                await pc.setLocalDescription(await pc.createAnswer());
                send({ type: "signal", to: from, data: { description: pc.localDescription } });
              }
            } else if (data.candidate) {
              if (pc.remoteDescription) await pc.addIceCandidate(data.candidate);
              else peer.pending.push(data.candidate);
            }
          }

          function dropPeer(id) {
            const peer = peers.get(id);
            if (!peer) return;
            peer.pc.close();
            peer.figure.remove();
            peers.delete(id);
            say(T.leftName.replace("%@", peer.name));
          }

          function showLobby(waiting) {
            const list = $("room-waiting-list");
            $("room-waiting").hidden = waiting.length === 0;
            list.textContent = "";
            for (const w of waiting) {
              const li = document.createElement("li");
              const button = document.createElement("button");
              button.type = "button";
              button.className = "button";
              button.textContent = T.admit.replace("%@", w.name);
              button.onclick = () => { send({ type: "admit", id: w.id }); };
              li.append(button);
              list.appendChild(li);
            }
            if (waiting.length) say(T.someoneWaiting.replace("%@", waiting.map((w) => w.name).join(", ")));
          }

          function addChat(name, text) {
            const li = document.createElement("li");
            const who = document.createElement("strong");
            who.textContent = name + ": ";
            li.append(who, document.createTextNode(text));
            $("room-chat-log").appendChild(li);
          }

          // A toggle keeps its name; its state is aria-pressed (and the style that shows it).
          function toggle(button, pressed) {
            button.setAttribute("aria-pressed", pressed ? "true" : "false");
          }

          function endCall(byChoice) {
            for (const id of [...peers.keys()]) dropPeer(id);
            if (local) local.getTracks().forEach((t) => t.stop());
            if (screen) screen.getTracks().forEach((t) => t.stop());
            local = null; screen = null;
            if (self_) { self_.remove(); self_ = null; }
            $("room-stage").hidden = true;
            $("room-left").hidden = false;
            if (byChoice) say(T.youLeft);
            $("room-rejoin").focus();
          }

          $("camera").onchange = startMedia;
          $("microphone").onchange = startMedia;
          $("join").onclick = async () => {
            $("join").disabled = true;
            if (!local) await startMedia();
            say(T.connecting);
            connect();
          };
          $("mute").onclick = () => {
            const track = local && local.getAudioTracks()[0];
            if (!track) return;
            track.enabled = !track.enabled;
            toggle($("mute"), !track.enabled);
            say(track.enabled ? T.micOn : T.micOff);
          };
          $("camera-off").onclick = () => {
            if (!cameraTrack) return;
            cameraTrack.enabled = !cameraTrack.enabled;
            toggle($("camera-off"), !cameraTrack.enabled);
            say(cameraTrack.enabled ? T.cameraOn : T.cameraOff);
          };
          $("share").onclick = async () => {
            if (screen) {
              screen.getTracks().forEach((t) => t.stop());
              screen = null;
              for (const p of peers.values()) replaceTracks(p.pc);
              toggle($("share"), false);
              return;
            }
            if (!navigator.mediaDevices.getDisplayMedia) { say(T.noShare); return; }
            try {
              screen = await navigator.mediaDevices.getDisplayMedia({ video: true });
              screen.getVideoTracks()[0].onended = () => { if (screen) $("share").click(); };
              for (const p of peers.values()) replaceTracks(p.pc);
              toggle($("share"), true);
            } catch (e) {
              say(T.noShare);
            }
          };
          $("leave").onclick = () => {
            leaving = true;
            if (socket) socket.close();
            endCall(true);
          };
          $("room-rejoin").onclick = () => { location.reload(); };
          $("room-chat-form").onsubmit = (event) => {
            event.preventDefault();
            const input = $("room-chat-text");
            const text = input.value.trim();
            if (!text) return;
            send({ type: "chat", text });
            input.value = "";
          };

          window.radhusRoom = {
            participants: () => [...peers.values()].map((p) => p.name),
            stats: async () => {
              const out = [];
              for (const [id, p] of peers) {
                const report = await p.pc.getStats();
                const entry = { id, name: p.name, audio: 0, video: 0, local: null, remote: null, state: p.pc.connectionState };
                const byId = new Map();
                report.forEach((s) => byId.set(s.id, s));
                report.forEach((s) => {
                  if (s.type === "inbound-rtp") entry[s.kind] += s.bytesReceived || 0;
                  if (s.type === "transport" && s.selectedCandidatePairId) {
                    const pair = byId.get(s.selectedCandidatePairId);
                    if (pair) {
                      entry.local = (byId.get(pair.localCandidateId) || {}).candidateType || null;
                      entry.remote = (byId.get(pair.remoteCandidateId) || {}).candidateType || null;
                    }
                  }
                });
                out.push(entry);
              }
              return out;
            },
          };
        })();
        """#
}
