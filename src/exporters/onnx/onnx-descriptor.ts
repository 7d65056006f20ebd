// The ONNX messages kerasbridge writes, as a protobufjs JSON descriptor: no .proto file is parsed at
// run time, so this works unchanged in browsers. Names, field numbers, types and labels are those of
// onnx/onnx.proto as shipped with the onnx 1.23 Python package (syntax "proto2"; the [packed = true]
// options are copied where onnx.proto sets them). Fields whose types are messages outside this set
// (SparseTensorProto, FunctionProto, TrainingInfoProto, TensorProto.Segment, device configurations,
// quantization annotations, non-tensor TypeProto variants) are left out; a decoder skips them.
// Plain data, read by protobufjs for encoding (protobuf-writer.ts) and decoding (onnx-schema.ts).

const optional = (type: string, id: number) => ({ type, id });
const repeated = (type: string, id: number, packed?: true) => ({ rule: 'repeated', type, id, ...(packed && { options: { packed } }) });

export const ONNX_DESCRIPTOR = {
  nested: {
    onnx: {
      nested: {
        AttributeProto: {
          fields: {
            name: optional('string', 1),
            ref_attr_name: optional('string', 21),
            doc_string: optional('string', 13),
            type: optional('AttributeType', 20),
            f: optional('float', 2),
            i: optional('int64', 3),
            s: optional('bytes', 4),
            t: optional('TensorProto', 5),
            g: optional('GraphProto', 6),
            tp: optional('TypeProto', 14),
            floats: repeated('float', 7),
            ints: repeated('int64', 8),
            strings: repeated('bytes', 9),
            tensors: repeated('TensorProto', 10),
            graphs: repeated('GraphProto', 11),
            type_protos: repeated('TypeProto', 15),
          },
          nested: {
            AttributeType: {
              values: {
                UNDEFINED: 0, FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, GRAPH: 5, SPARSE_TENSOR: 11, TYPE_PROTO: 13,
                FLOATS: 6, INTS: 7, STRINGS: 8, TENSORS: 9, GRAPHS: 10, SPARSE_TENSORS: 12, TYPE_PROTOS: 14,
              },
            },
          },
        },
        ValueInfoProto: {
          fields: {
            name: optional('string', 1),
            type: optional('TypeProto', 2),
            doc_string: optional('string', 3),
            metadata_props: repeated('StringStringEntryProto', 4),
          },
        },
        NodeProto: {
          fields: {
            input: repeated('string', 1),
            output: repeated('string', 2),
            name: optional('string', 3),
            op_type: optional('string', 4),
            domain: optional('string', 7),
            overload: optional('string', 8),
            attribute: repeated('AttributeProto', 5),
            doc_string: optional('string', 6),
            metadata_props: repeated('StringStringEntryProto', 9),
          },
        },
        ModelProto: {
          fields: {
            ir_version: optional('int64', 1),
            opset_import: repeated('OperatorSetIdProto', 8),
            producer_name: optional('string', 2),
            producer_version: optional('string', 3),
            domain: optional('string', 4),
            model_version: optional('int64', 5),
            doc_string: optional('string', 6),
            graph: optional('GraphProto', 7),
            metadata_props: repeated('StringStringEntryProto', 14),
          },
        },
        StringStringEntryProto: {
          fields: { key: optional('string', 1), value: optional('string', 2) },
        },
        GraphProto: {
          fields: {
            node: repeated('NodeProto', 1),
            name: optional('string', 2),
            initializer: repeated('TensorProto', 5),
            doc_string: optional('string', 10),
            input: repeated('ValueInfoProto', 11),
            output: repeated('ValueInfoProto', 12),
            value_info: repeated('ValueInfoProto', 13),
            metadata_props: repeated('StringStringEntryProto', 16),
          },
        },
        TensorProto: {
          fields: {
            dims: repeated('int64', 1),
            data_type: optional('int32', 2),
            float_data: repeated('float', 4, true),
            int32_data: repeated('int32', 5, true),
            string_data: repeated('bytes', 6),
            int64_data: repeated('int64', 7, true),
            name: optional('string', 8),
            doc_string: optional('string', 12),
            raw_data: optional('bytes', 9),
            double_data: repeated('double', 10, true),
            uint64_data: repeated('uint64', 11, true),
            metadata_props: repeated('StringStringEntryProto', 16),
          },
        },
        TensorShapeProto: {
          fields: { dim: repeated('Dimension', 1) },
          nested: {
            Dimension: {
              oneofs: { value: { oneof: ['dim_value', 'dim_param'] } },
              fields: {
                dim_value: optional('int64', 1),
                dim_param: optional('string', 2),
                denotation: optional('string', 3),
              },
            },
          },
        },
        TypeProto: {
          oneofs: { value: { oneof: ['tensor_type'] } },
          fields: {
            tensor_type: optional('Tensor', 1),
            denotation: optional('string', 6),
          },
          nested: {
            Tensor: {
              fields: { elem_type: optional('int32', 1), shape: optional('TensorShapeProto', 2) },
            },
          },
        },
        OperatorSetIdProto: {
          fields: { domain: optional('string', 1), version: optional('int64', 2) },
        },
      },
    },
  },
};

/** `AttributeProto.AttributeType` values kerasbridge writes. */
export const ATTRIBUTE_TYPE = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;
