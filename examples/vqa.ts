// Seed examples 11-12: visual question answering, then video question answering reusing the
// vision model (through TimeDistributed) and the question encoder (a model cut from the VQA graph).
import { Input, Model, Sequential, layers } from 'kerasbridge';

export function vqa() {
  // First, let's define a vision model using a Sequential model. This model will encode an image into a vector.
  const visionModel = Sequential();
  visionModel.add(layers.Conv2D(64, [3, 3], { activation: 'relu', padding: 'same', input_shape: [224, 224, 3] }));
  visionModel.add(layers.Conv2D(64, [3, 3], { activation: 'relu' }));
  visionModel.add(layers.MaxPooling2D([2, 2]));
  visionModel.add(layers.Conv2D(128, [3, 3], { activation: 'relu', padding: 'same' }));
  visionModel.add(layers.Conv2D(128, [3, 3], { activation: 'relu' }));
  visionModel.add(layers.MaxPooling2D([2, 2]));
  visionModel.add(layers.Conv2D(256, [3, 3], { activation: 'relu', padding: 'same' }));
  visionModel.add(layers.Conv2D(256, [3, 3], { activation: 'relu' }));
  visionModel.add(layers.Conv2D(256, [3, 3], { activation: 'relu' }));
  visionModel.add(layers.MaxPooling2D([2, 2]));
  visionModel.add(layers.Flatten());

  // Now let's get a tensor with the output of our vision model:
  const imageInput = Input({ shape: [224, 224, 3] });
  const encodedImage = visionModel(imageInput);

  // Next, let's define a language model to encode the question into a vector.
  // Each question will be at most 100 words long, and we will index words as integers from 1 to 9999.
  const questionInput = Input({ shape: [100], dtype: 'int32' });
  const embeddedQuestion = layers.Embedding({ input_dim: 10000, output_dim: 256, input_length: 100 })(questionInput);
  const encodedQuestion = layers.LSTM(256)(embeddedQuestion);

  // Let's concatenate the question vector and the image vector:
  let merged = layers.concatenate([encodedQuestion, encodedImage]);

  // And let's train a logistic regression over 1000 words on top:
  let output = layers.Dense(1000, { activation: 'softmax' })(merged);

  // This is our final model:
  const vqaModel = Model({ inputs: [imageInput, questionInput], outputs: output });
  const vqaSummary = vqaModel.summary({ printFn: () => {} });

  // Video QA: the frames go through the same vision model (weights reused).
  const videoInput = Input({ shape: [100, 224, 224, 3] });
  // This is our video encoded via the previously trained vision_model (weights are reused)
  const encodedFrameSequence = layers.TimeDistributed(visionModel)(videoInput); // the output will be a sequence of vectors
  const encodedVideo = layers.LSTM(256)(encodedFrameSequence); // the output will be a vector

  // This is a model-level representation of the question encoder, reusing the same weights as before:
  const questionEncoder = Model({ inputs: questionInput, outputs: encodedQuestion });

  // Let's use it to encode the question:
  const videoQuestionInput = Input({ shape: [100], dtype: 'int32' });
  const encodedVideoQuestion = questionEncoder(videoQuestionInput);

  // And this is our video question answering model:
  merged = layers.concatenate([encodedVideo, encodedVideoQuestion]);
  output = layers.Dense(1000, { activation: 'softmax' })(merged);
  const videoQaModel = Model({ inputs: [videoInput, videoQuestionInput], outputs: output });

  return {
    tensors: { encodedImage, encodedQuestion, encodedFrameSequence, encodedVideo, encodedVideoQuestion, videoOutput: output },
    models: { visionModel, questionEncoder, videoQaModel, vqaModel },
    layers: {},
    summaries: { vqaModel: vqaSummary },
  };
}
