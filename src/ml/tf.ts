// Single place that loads the native TensorFlow binding (backend 'tensorflow'), with TF's C++ info
// logs silenced so CLI stderr stays readable.
import { quietTensorflow } from '../config';
quietTensorflow(); // before the binding loads
import tf = require('@tensorflow/tfjs-node');

export { tf };
