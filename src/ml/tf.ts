// Single place that loads the native TensorFlow binding (backend 'tensorflow'), with TF's C++ info
// logs silenced so CLI stderr stays readable.
if (process.env.TF_CPP_MIN_LOG_LEVEL === undefined) process.env.TF_CPP_MIN_LOG_LEVEL = '2';
import tf = require('@tensorflow/tfjs-node');

export { tf };
