/* The floor of a one-file probe's start-up, for bench/startup.sh: a program that only loads
 * FFmpeg's shared libraries, opens one file with libavformat and reads its stream info. */
#include <libavformat/avformat.h>
#include <stdio.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  AVFormatContext *format = NULL;
  if (avformat_open_input(&format, argv[1], NULL, NULL) < 0) return 1;
  int status = avformat_find_stream_info(format, NULL) < 0 ? 1 : 0;
  printf("%u streams\n", format->nb_streams);
  avformat_close_input(&format);
  return status;
}
