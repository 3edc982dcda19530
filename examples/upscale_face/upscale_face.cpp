// Upscales a 16x16 face crop with facesr's bundled x8 model, or restores every
// face of a photo with --photo: the public API's two main calls.
//   upscale_face FACE.png OUT.png
//   upscale_face --photo PHOTO.jpg OUT.png
#include <facesr/facesr.h>

#include <iostream>
#include <string>

int main(int argc, char** argv) {
  const bool photo = argc == 4 && std::string(argv[1]) == "--photo";
  if (argc != 3 && !photo) {
    std::cerr << "usage: upscale_face FACE.png OUT.png | upscale_face --photo PHOTO OUT.png\n";
    return 2;
  }
  try {
    if (photo) {
      const facesr::PhotoPipeline pipeline;
      const facesr::PhotoResult result = pipeline.restore(facesr::read_image(argv[2]));
      facesr::write_image(argv[3], result.image);
      std::cout << result.faces << " face(s) restored, " << result.image.width << "x" << result.image.height << "\n";
      for (const std::string& note : result.notes) std::cout << "note: " << note << "\n";
    } else {
      facesr::FaceModel model;  // the bundled x8 default
      const facesr::Image face = model.upscale({facesr::read_image(argv[1])}).at(0);
      facesr::write_image(argv[2], face);
      std::cout << model.name() << ": " << face.width << "x" << face.height << "\n";
    }
  } catch (const facesr::Error& error) {
    std::cerr << "upscale_face: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
