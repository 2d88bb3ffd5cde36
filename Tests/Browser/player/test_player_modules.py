"""The player's modules on their own, run in Chromium: reading playlists (Klai's master and one
with audio groups and an audio-only variant), choosing renditions, estimating bandwidth, when to
abandon a download, and how a server's Retry-After is read."""

from __future__ import annotations

from player_fixtures import harness, chromium, tab  # noqa: F401 (pytest fixtures, used by name)


def run(tab, harness, body: str):
    """Runs `body` (an async function body) with the player's modules imported as `m`."""
    tab.page.goto(harness.url(player="mse"))
    return tab.page.evaluate(f"""(async () => {{
        const names = ["abr", "playlist", "renditions", "event-queue", "labels", "mp4-boxes"];
        const m = {{}};
        for (const name of names) Object.assign(m, await import(`/assets/dev/js/${{name}}.js`));
        {body}
    }})()""")


def test_klais_master_gives_two_video_rungs_each_with_its_audio_rendition_and_no_audio_only_rung(tab, harness):
    master = (harness.trees["video"] / "master.m3u8").read_text()
    plan = run(tab, harness, f"""
        const url = "http://klai.school/hls/s/1/ab/12/master.m3u8?exp=1&sig=x";
        const plan = m.planRenditions(m.parseMaster({master!r}, url));
        return {{ names: plan.levels.map((l) => l.name), separate: plan.separateAudio, audioOnly: plan.audioOnly,
                  uri: plan.levels[0].uri, audio: plan.levels.map((l) => l.audioURI),
                  video: m.mimeType(plan.levels[0], "video", false), sound: m.mimeType(plan.levels[0], "audio", false) }};
    """)
    assert plan["names"] == ["234p", "360p"] and plan["separate"] and not plan["audioOnly"]
    assert plan["uri"] == "http://klai.school/hls/s/1/ab/12/234p/index.m3u8?exp=1&sig=x"
    assert plan["audio"] == ["http://klai.school/hls/s/1/ab/12/audio-low/index.m3u8?exp=1&sig=x",
                             "http://klai.school/hls/s/1/ab/12/audio/index.m3u8?exp=1&sig=x"]
    assert plan["video"].startswith('video/mp4; codecs="avc1.') and "mp4a" not in plan["video"]
    assert plan["sound"] == 'audio/mp4; codecs="mp4a.40.2"'


LADDER_MASTER = """#EXTM3U
#EXT-X-VERSION:7
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac-low",NAME="Mono",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="1",URI="audio-low/index.m3u8"
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="Stereo",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="audio/index.m3u8"
#EXT-X-STREAM-INF:BANDWIDTH=1400000,AVERAGE-BANDWIDTH=1200000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=960x540,AUDIO="aac"
540p/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=190000,AVERAGE-BANDWIDTH=150000,CODECS="avc1.64000d,mp4a.40.2",RESOLUTION=416x234,AUDIO="aac-low"
234p/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=60000,AVERAGE-BANDWIDTH=48000,CODECS="mp4a.40.2",AUDIO="aac-low"
audio-low/index.m3u8
"""


def test_an_audio_only_variant_beside_video_is_left_out_and_each_rung_keeps_its_audio_group(tab, harness):
    plan = run(tab, harness, f"""
        const plan = m.planRenditions(m.parseMaster({LADDER_MASTER!r}, "http://k/hls/7/master.m3u8"));
        return plan.levels.map((l) => [l.name, l.audioURI]);
    """)
    assert plan == [["234p", "http://k/hls/7/audio-low/index.m3u8"], ["540p", "http://k/hls/7/audio/index.m3u8"]]


def test_a_radio_lesson_plays_through_one_audio_buffer(tab, harness):
    master = (harness.trees["audio"] / "master.m3u8").read_text()
    plan = run(tab, harness, f"""
        const plan = m.planRenditions(m.parseMaster({master!r}, "http://k/hls/9/master.m3u8"));
        return {{ audioOnly: plan.audioOnly, kinds: m.trackKinds(plan), type: m.mimeType(plan.levels[0], "main", true),
                  names: plan.levels.map((l) => l.name) }};
    """)
    assert plan == {"audioOnly": True, "kinds": ["main"], "type": 'audio/mp4; codecs="mp4a.40.2"',
                    "names": ["audio-low", "audio"]}


def test_a_page_that_is_not_a_playlist_is_refused_with_a_sentence(tab, harness):
    message = run(tab, harness, """
        try { m.parseMaster("<html>sign in</html>", "http://k/x.m3u8"); return "parsed"; }
        catch (error) { return error.message; }
    """)
    assert message == "The lesson's playlist is not an HLS playlist (no #EXTM3U)."


def test_the_rendition_choice_starts_low_goes_down_fast_and_up_only_with_room(tab, harness):
    choices = run(tab, harness, """
        const ladder = [{ bandwidth: 200e3 }, { bandwidth: 600e3 }, { bandwidth: 1400e3 }];
        return [
            m.chooseVariant(ladder, 0, -1),          // no estimate yet: the lowest
            m.chooseVariant(ladder, 700e3, 0),       // 600k > 0.7 × 700k: stay low
            m.chooseVariant(ladder, 900e3, 0),       // 600k ≤ 0.7 × 900k: up
            m.chooseVariant(ladder, 1500e3, 1),      // 1400k > 0.7 × 1500k: stay at 600k
            m.chooseVariant(ladder, 640e3, 1),       // 600k ≤ 0.95 × 640k: keep
            m.chooseVariant(ladder, 620e3, 1),       // 600k > 0.95 × 620k: down
            m.chooseVariant(ladder, 500e3, 2),       // down two rungs at once
        ];
    """)
    assert choices == [0, 0, 1, 1, 1, 0, 0]


def test_the_estimate_halves_the_gap_to_a_worse_network_every_three_segments(tab, harness):
    estimates = run(tab, harness, """
        const estimator = new m.BandwidthEstimator();
        const before = estimator.estimate;
        for (let i = 0; i < 8; i += 1) estimator.sample(250_000, 1);      // 2 Mb/s
        const fast = estimator.estimate;
        const worse = [];
        for (let i = 0; i < 9; i += 1) {
            estimator.sample(50_000, 1);                                  // 400 kb/s
            worse.push(estimator.estimate);
        }
        estimator.sample(100, 0.001);                                     // a cache hit says nothing
        return [before, fast, worse, estimator.estimate];
    """)
    before, fast, worse, after_tiny = estimates
    assert before == 0
    assert abs(fast - 2_000_000) < 1_000
    # The fast average (half-life 3 segments) leads down: halfway after 3, an eighth of the gap after 9.
    assert worse[2] <= 400_000 + 0.5 * 1_600_000 * 1.01
    assert worse[8] <= 400_000 + 0.125 * 1_600_000 * 1.01
    assert all(later < earlier for earlier, later in zip(worse, worse[1:]))
    assert after_tiny == worse[-1]


def test_a_download_is_abandoned_only_when_it_would_outlast_the_buffer(tab, harness):
    decisions = run(tab, harness, """
        const slow = { loaded: 50_000, total: 400_000, elapsed: 2, bufferAhead: 4, lowestBytes: 60_000 };
        return [
            m.shouldAbandon(slow),                                        // 14 s more, 4 s left: yes
            m.shouldAbandon({ ...slow, bufferAhead: 20 }),                // enough buffer: no
            m.shouldAbandon({ ...slow, elapsed: 0.2 }),                   // too early to tell: no
            m.shouldAbandon({ ...slow, loaded: 390_000 }),                // nearly done: no
        ];
    """)
    assert decisions == [True, False, False, False]


def test_retry_after_is_read_as_seconds_or_a_date(tab, harness):
    waits = run(tab, harness, """
        const now = Date.parse("2026-12-02T08:00:00Z");
        return [m.retryAfter("3", now), m.retryAfter("Wed, 02 Dec 2026 08:00:30 GMT", now),
                m.retryAfter("soon", now), m.retryAfter(null, now), m.retryAfter("999999", now)];
    """)
    assert waits == [3000, 30000, None, None, 3_600_000]


def test_event_ids_are_version_4_uuids_and_times_read_as_clocks(tab, harness):
    result = run(tab, harness, """
        const ids = Array.from({ length: 200 }, () => m.uuid());
        return { ok: ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)),
                 distinct: new Set(ids).size, clocks: [m.clock(754.2), m.clock(3723), m.clock(NaN), m.clock(-5)] };
    """)
    assert result == {"ok": True, "distinct": 200, "clocks": ["12:34", "1:02:03", "0:00", "0:00"]}


LIVE_PLAYLIST = """#EXTM3U
#EXT-X-VERSION:7
#EXT-X-TARGETDURATION:4
#EXT-X-MEDIA-SEQUENCE:41
#EXT-X-DISCONTINUITY-SEQUENCE:0
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-MAP:URI="init1.mp4"
#EXTINF:4.000000,
seg00000041.m4s
#EXTINF:4.000000,
seg00000042.m4s
#EXT-X-DISCONTINUITY
#EXT-X-MAP:URI="init2.mp4"
#EXTINF:3.960000,
seg00000043.m4s
"""


def test_a_live_playlist_numbers_its_segments_and_names_each_ones_init_segment(tab, harness):
    playlist = run(tab, harness, f"""
        return m.parseMedia({LIVE_PLAYLIST!r}, "http://k/live/s/1/ab/DLTV4/index.m3u8");
    """)
    assert not playlist["ended"] and playlist["targetDuration"] == 4
    segments = playlist["segments"]
    assert [s["sequence"] for s in segments] == [41, 42, 43]
    assert [s["discontinuity"] for s in segments] == [False, False, True]
    assert [s["initURI"].rsplit("/", 1)[1] for s in segments] == ["init1.mp4", "init1.mp4", "init2.mp4"]
    assert segments[2]["uri"] == "http://k/live/s/1/ab/DLTV4/seg00000043.m4s"


def test_codecs_and_segment_start_times_are_read_from_klais_fmp4(tab, harness):
    """What the live player reads itself, on `klai transcode`'s own pieces: the codec strings the master
    declares, and each segment's start time from its tfdt."""
    tree = harness.trees["video"]
    master = (tree / "master.m3u8").read_text()
    lines = master.splitlines()
    declared = lines[lines.index("234p/index.m3u8") - 1].split('CODECS="')[1].split('"')[0].split(",")
    video_init = list((tree / "234p" / "init.mp4").read_bytes())
    audio_init = list((tree / "audio-low" / "init.mp4").read_bytes())
    segments = sorted((tree / "234p").glob("*.m4s"))
    second = list(segments[1].read_bytes())
    media = (tree / "234p" / "index.m3u8").read_text()
    first_duration = float(media.split("#EXTINF:")[1].split(",")[0])
    found = run(tab, harness, f"""
        const video = new Uint8Array({video_init}), audio = new Uint8Array({audio_init});
        return {{ video: m.codecsOf(video), audio: m.codecsOf(audio),
                  start: m.segmentStart(new Uint8Array({second}), m.timescalesOf(video)),
                  garbage: m.codecsOf(new Uint8Array([0, 0, 0, 99, 1, 2, 3])) }};
    """)
    assert found["video"] == [declared[0]], (found["video"], declared)
    assert found["audio"] == ["mp4a.40.2"]
    assert abs(found["start"] - first_duration) < 0.1, (found["start"], first_duration)
    assert found["garbage"] == []
