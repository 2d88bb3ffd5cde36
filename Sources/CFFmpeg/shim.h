#ifndef KLAI_CFFMPEG_SHIM_H
#define KLAI_CFFMPEG_SHIM_H
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavcodec/bsf.h>
#include <libavutil/avutil.h>
#include <libavutil/opt.h>
#include <libavutil/imgutils.h>
#include <libavutil/audio_fifo.h>
#include <libavutil/channel_layout.h>
#include <libavutil/display.h>
#include <libavutil/pixdesc.h>
#include <libavutil/sha.h>
#include <libavutil/hmac.h>
#include <libswscale/swscale.h>
#include <libswresample/swresample.h>
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <sys/prctl.h>

// Macros Swift cannot import (see FFMPEG-NOTES.md).
static inline int klai_averror(int e) { return AVERROR(e); }
static inline int klai_averror_eof(void) { return AVERROR_EOF; }
static inline int klai_averror_eagain(void) { return AVERROR(EAGAIN); }
static inline int64_t klai_av_nopts_value(void) { return AV_NOPTS_VALUE; }
static inline AVRational klai_av_time_base_q(void) { return (AVRational){1, AV_TIME_BASE}; }

// Names the calling thread for the kernel (prctl is variadic, so Swift cannot call it).
static inline void klai_name_thread(const char *name) { prctl(PR_SET_NAME, name, 0, 0, 0); }

static inline int klai_averror_invaliddata(void) { return AVERROR_INVALIDDATA; }
static inline int klai_averror_decoder_not_found(void) { return AVERROR_DECODER_NOT_FOUND; }
static inline int klai_averror_encoder_not_found(void) { return AVERROR_ENCODER_NOT_FOUND; }
static inline int klai_averror_stream_not_found(void) { return AVERROR_STREAM_NOT_FOUND; }
static inline int klai_averror_enoent(void) { return AVERROR(ENOENT); }
static inline int klai_averror_eacces(void) { return AVERROR(EACCES); }

// AVChannelLayout initializers are compound-literal macros (AV_CHANNEL_LAYOUT_STEREO); a function hides them.
static inline void klai_channel_layout_stereo(AVChannelLayout *layout) {
    AVChannelLayout stereo = AV_CHANNEL_LAYOUT_STEREO;
    *layout = stereo;
}

#endif
